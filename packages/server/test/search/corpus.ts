import fs from 'node:fs';
import path from 'node:path';
import type { Capsule } from '../../src/capsule.js';
import { importRecords, type ImportItem } from '../../src/records/import-records.js';
import { FIXTURES } from '../support/fixtures.js';

export type OpenDataRecord = Record<string, unknown> & { recid: string; experiment: string[]; title: string };

const DIR = path.join(FIXTURES, 'opendata', 'records');

/** Every record of the open data fixture files, in file order. */
export const OPEN_DATA: OpenDataRecord[] = fs
  .readdirSync(DIR)
  .sort()
  .flatMap((f) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as OpenDataRecord[]);

/** Imports the whole corpus as public published records, as `capsule import` does. */
export async function loadOpenData(capsule: Capsule, options: { private?: boolean } = {}): Promise<void> {
  const items: ImportItem[] = OPEN_DATA.map((metadata, i) => ({ source: `#${i}`, metadata }));
  const owner = await capsule.accounts.ensureUser('importer@example.org');
  const { db, dialect, write } = capsule.database;
  const report = await importRecords({ db, dialect, write, schemas: capsule.schemas }, owner, await capsule.schemas.get('opendata-record'), items, options);
  if (report.failed.length || report.imported !== OPEN_DATA.length) throw new Error(`import failed: ${JSON.stringify(report.failed.slice(0, 3))}`);
}
