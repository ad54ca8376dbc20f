import { BIBLIOGRAPHIC_RECORD_SCHEMA, type BibliographicRecord } from './marc/bibliographic-record.js';
import { bibliographicToMarc } from './marc/crosswalk.js';
import type { MarcRecord } from './marc/marc-record.js';
import { marcXmlRecord, MARCXML_FOOTER, MARCXML_HEADER } from './marc/marcxml-writer.js';
import { textMarcId, writeTextMarc } from './marc/textmarc-writer.js';
import { describeRecord } from './record-description.js';
import type { ExportItem } from './record-envelope.js';

/** A record of another schema, described in bibliographic terms so that the same crosswalk writes its MARC. */
function asBibliographic(item: ExportItem): BibliographicRecord {
  const d = describeRecord(item);
  return {
    ...(d.title ? { title: { title: d.title } } : {}),
    ...(d.dois.length ? { dois: d.dois.map((value) => ({ value })) } : {}),
    ...(d.creators.length
      ? {
          authors: d.creators.map((c) => ({
            full_name: c.name,
            ...(c.affiliations.length ? { affiliations: c.affiliations } : {}),
            ...(c.identifiers.some((i) => i.scheme === 'orcid' || i.scheme === 'inspire-id')
              ? { identifiers: c.identifiers.filter((i) => i.scheme === 'orcid' || i.scheme === 'inspire-id') as { scheme: 'orcid' | 'inspire-id'; value: string }[] }
              : {}),
          })),
        }
      : {}),
    ...(d.publisher || d.datePublished ? { imprint: { ...(d.publisher ? { publisher: d.publisher } : {}), ...(d.datePublished ? { date: d.datePublished } : {}) } } : {}),
    ...(d.description ? { abstracts: [{ abstract: d.description }] } : {}),
    ...(d.keywords.length ? { subjects: d.keywords.map((term) => ({ term })) } : {}),
    ...(d.files.length ? { urls: d.files.map((f) => ({ url: f.url, ...(f.size !== undefined ? { size: String(f.size) } : {}) })) } : {}),
    ...(d.kindLabel ? { collections: [{ primary: d.kindLabel }] } : {}),
  };
}

/** The MARC form of any record: bibliographic records through the crosswalk as they are, others by their description. */
export function recordToMarc(item: ExportItem): MarcRecord {
  const doc = item.envelope.schema === BIBLIOGRAPHIC_RECORD_SCHEMA ? (item.metadata as BibliographicRecord) : asBibliographic(item);
  return bibliographicToMarc(doc);
}

export function serializeMarcXml(item: ExportItem): string {
  return serializeMarcXmlList([item]);
}

export function serializeMarcXmlList(items: readonly ExportItem[]): string {
  return MARCXML_HEADER + items.map((item) => marcXmlRecord(recordToMarc(item)) + '\n').join('') + MARCXML_FOOTER;
}

export function serializeTextMarc(item: ExportItem): string {
  return serializeTextMarcList([item]);
}

/** TextMARC of search results; records are numbered by their 001 when numeric, else by position. */
export function serializeTextMarcList(items: readonly ExportItem[]): string {
  return writeTextMarc(
    items.map((item, i) => {
      const record = recordToMarc(item);
      return { recid: textMarcId(record, i + 1), record };
    }),
  );
}
