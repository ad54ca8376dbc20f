import type { Capsule } from '../../src/capsule.js';
import { readBibliographicRecords } from '../../src/formats/marc/marc-import.js';
import { importRecords, type ImportItem } from '../../src/records/import-records.js';
import { openDataFiles, readMarcXmlFixture, DEMO_FILE } from '../formats/fixtures.js';

export const IMPORTER = 'importer@example.org';

/** The open data sample records (CMS Run2010B datasets, ATLAS, ALICE, CMS software), as the portal gives them. */
export const OPEN_DATA_SAMPLES = openDataFiles('samples').flatMap((f) => f.records);

async function importAll(capsule: Capsule, schemaName: string, items: ImportItem[]): Promise<void> {
  const owner = await capsule.accounts.ensureUser(IMPORTER);
  const { db, dialect, write } = capsule.database;
  const report = await importRecords({ db, dialect, write, schemas: capsule.schemas }, owner, await capsule.schemas.get(schemaName), items);
  if (report.failed.length || report.imported !== items.length) throw new Error(`import failed: ${JSON.stringify(report.failed.slice(0, 3))}`);
}

/** Imports the open data samples and the demo MARC records as public published records, as `capsule import` does. */
export async function importFixtures(capsule: Capsule): Promise<void> {
  await importAll(capsule, 'opendata-record', OPEN_DATA_SAMPLES.map((metadata, i) => ({ source: `samples#${i}`, metadata })));
  const marc: ImportItem[] = [];
  for await (const entry of readBibliographicRecords(readMarcXmlFixture(DEMO_FILE), 'marcxml')) {
    if ('metadata' in entry) marc.push({ source: `demo#${entry.position}`, metadata: entry.metadata });
  }
  await importAll(capsule, 'bibliographic-record', marc);
}
