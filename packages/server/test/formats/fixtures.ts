import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared fixtures beside the repository: <repo>/../shared/fixtures. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/fixtures');

export const fixturePath = (...parts: string[]) => path.join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]) => fs.readFileSync(fixturePath(...parts), 'utf8');

/** Every MARCXML fixture file, relative to the marc/marcxml folder. */
export function marcXmlFixtureFiles(): string[] {
  const dir = fixturePath('marc', 'marcxml');
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xml'))
    .sort();
}

export const readMarcXmlFixture = (file: string) => readFixture('marc', 'marcxml', file);

export const DEMO_FILE = 'invenio-legacy-demo-cds-11records.xml';
/** Demo record 85 is the 9th record of the demo extract (0-based index 84 of the original). */
export const DEMO_RECORD_85_INDEX = 8;

/** The open data records of the fixtures (`records` or `samples`), file by file: each file is a JSON array of records. */
export function openDataFiles(folder: 'records' | 'samples' = 'records'): { file: string; records: Record<string, unknown>[] }[] {
  const dir = fixturePath('opendata', folder);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, records: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>[] }));
}

/** An open data record as the serializers see it. */
export function openDataItem(record: Record<string, unknown>) {
  return {
    metadata: record,
    envelope: { id: `00000000-0000-4000-8000-${String(record.recid).padStart(12, '0')}`, recid: String(record.recid), created: '2024-01-02T03:04:05.000Z', updated: '2024-02-03T04:05:06.000Z', schema: 'opendata-record' },
  };
}
