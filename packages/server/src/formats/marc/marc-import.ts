import { badRequest } from '../../errors/capsule-error.js';
import type { TextSource } from '../text-source.js';
import type { BibliographicRecord } from './bibliographic-record.js';
import { marcToBibliographic } from './crosswalk.js';
import { controlField, dataFields, type MarcRecord } from './marc-record.js';
import { readMarc, type MarcFormat } from './read-marc.js';

/** Leader positions: 05 record status (`d` deleted), 06 type of record (`z` an authority record). */
const DELETED_STATUS = 'd';
const AUTHORITY_TYPE = 'z';
/** Invenio's collection marks (980 $a) of authority records: people (INSPIRE HepNames) and other authorities. */
const AUTHORITY_COLLECTIONS = new Set(['HEPNAMES', 'AUTHORITY']);

const collectionMarks = (record: MarcRecord, code: string) =>
  dataFields(record, '980').flatMap((f) => f.subfields.filter((s) => s.code === code).map((s) => s.value.trim().toUpperCase()));

/**
 * Why a record is not imported as a bibliographic record, or undefined when it is one: the
 * source says it is deleted (leader status `d`, or Invenio's 980 $c DELETED), or it describes a
 * person or other authority rather than a work (leader type `z`, or 980 $a HEPNAMES or AUTHORITY).
 */
export function notBibliographic(record: MarcRecord): string | undefined {
  if (record.leader?.[5] === DELETED_STATUS) return 'deleted in the source: its leader has record status d';
  if (collectionMarks(record, 'c').includes('DELETED')) return 'deleted in the source: 980 $c DELETED';
  if (record.leader?.[6] === AUTHORITY_TYPE) return 'an authority record (its leader has type z), not a bibliographic one';
  const authority = collectionMarks(record, 'a').find((c) => AUTHORITY_COLLECTIONS.has(c));
  return authority ? `an authority record (980 $a ${authority}), not a bibliographic one` : undefined;
}

/** One record of a MARC file: where it is, and its bibliographic-record document or why it is left out. */
export type MarcImportEntry =
  | { position: number; controlNumber?: string; metadata: BibliographicRecord }
  | { position: number; controlNumber?: string; skipped: string };

/** The records of a MARC file of either format as bibliographic-record documents, one at a time, numbered from 0. */
export async function* readBibliographicRecords(source: TextSource, format: MarcFormat): AsyncGenerator<MarcImportEntry> {
  let position = 0;
  for await (const record of readMarc(source, format)) {
    const controlNumber = controlField(record, '001');
    const skipped = notBibliographic(record);
    yield { position: position++, ...(controlNumber !== undefined ? { controlNumber } : {}), ...(skipped ? { skipped } : { metadata: marcToBibliographic(record) }) };
  }
}

/** The bibliographic-record document of a MARC body that must hold exactly one record (reading stops at a second). */
export async function readSingleBibliographicRecord(source: TextSource, format: MarcFormat): Promise<BibliographicRecord> {
  let found: MarcRecord | undefined;
  for await (const record of readMarc(source, format)) {
    if (found) throw badRequest('The body holds more than one MARC record; send one record per draft (import files of many with capsule import).');
    found = record;
  }
  if (!found) throw badRequest('The body holds no MARC record.');
  return marcToBibliographic(found);
}
