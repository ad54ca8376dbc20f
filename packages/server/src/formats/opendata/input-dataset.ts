/**
 * An entry of a CAP analysis's `input_datasets`: the DCAT-shaped dataset of
 * schemas/shared/dataset-ref-v1.0.0.json (as the `cms-analysis` schema closes it).
 */
export interface InputDataset {
  '@type': 'dcat:Dataset';
  title: string;
  description?: string;
  type?: 'data' | 'mc';
  year?: number;
  licence?: string;
  persistent_identifiers?: { scheme: 'DOI' | 'URL'; identifier: string }[];
  issued?: string;
  modified?: string;
  run_number?: number;
  nevents?: number;
  nfiles?: number;
  extend?: number;
}

/** Where the CERN Open Data portal shows a record. */
export const openDataRecordUrl = (recid: string) => `https://opendata.cern.ch/record/${recid}`;

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
const partialDate = (v: unknown): string | undefined => (typeof v === 'string' && PARTIAL_DATE.test(v) ? v : undefined);

/** A numeric character reference's character; one past the last code point is left as written. */
const character = (codePoint: number, written: string) => (codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : written);

/** The text of an HTML fragment as a reader sees it: no tags, entities decoded, spaces collapsed. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) =>
      name.startsWith('#x') || name.startsWith('#X') ? character(parseInt(name.slice(2), 16), whole)
      : name.startsWith('#') ? character(Number(name.slice(1)), whole)
      : (ENTITIES[name.toLowerCase()] ?? whole),
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** Collision data or simulation, from the portal's subtypes (Collision, Simulated). */
function dataType(secondary: string[]): InputDataset['type'] {
  if (secondary.includes('Collision')) return 'data';
  if (secondary.includes('Simulated')) return 'mc';
  return undefined;
}

/**
 * A CERN Open Data dataset record (the `opendata-record` schema) as an analysis's input
 * dataset: name, description as plain text, data or simulation, data-taking year, licence,
 * DOI and portal page, publication and reprocessing dates, the single run when it is one,
 * and the event, file and byte counts of its distribution.
 */
export function openDataInputDataset(record: unknown): InputDataset {
  const m = obj(record);
  const title = str(m.title);
  if (title === undefined) throw new TypeError('An open data record without a title cannot be an input dataset.');
  const recid = str(m.recid);
  const doi = str(m.doi);
  const description = str(obj(m.abstract).description) ?? str(m.title_additional);
  const plain = description === undefined ? undefined : plainText(description);
  const type = dataType(strings(obj(m.type).secondary));
  const year = strings(m.date_created).map(Number).find((y) => Number.isInteger(y) && y >= 1950 && y <= 2200);
  const licence = str(obj(m.license).attribution);
  const runs = strings(m.run_numbers).map(Number);
  const run = runs.length === 1 && Number.isSafeInteger(runs[0]) && runs[0]! >= 1 ? runs[0] : undefined;
  const distribution = obj(m.distribution);
  const identifiers: NonNullable<InputDataset['persistent_identifiers']> = [
    ...(doi ? [{ scheme: 'DOI' as const, identifier: doi }] : []),
    ...(recid ? [{ scheme: 'URL' as const, identifier: openDataRecordUrl(recid) }] : []),
  ];
  const issued = partialDate(m.date_published);
  // Reprocessing made the data anew: the last change to the dataset itself.
  const modified = partialDate(m.date_reprocessed);
  const nevents = count(distribution.number_events);
  const nfiles = count(distribution.number_files);
  const extend = count(distribution.size);
  return {
    '@type': 'dcat:Dataset',
    title,
    ...(plain ? { description: plain } : {}),
    ...(type ? { type } : {}),
    ...(year !== undefined ? { year } : {}),
    ...(licence ? { licence } : {}),
    ...(identifiers.length ? { persistent_identifiers: identifiers } : {}),
    ...(issued ? { issued } : {}),
    ...(modified ? { modified } : {}),
    ...(run !== undefined ? { run_number: run } : {}),
    ...(nevents !== undefined ? { nevents } : {}),
    ...(nfiles !== undefined ? { nfiles } : {}),
    ...(extend !== undefined ? { extend } : {}),
  };
}
