/** What the import and search benchmarks share: the open data corpus, and an import timed. */
import fs from 'node:fs';
import path from 'node:path';
import type { Capsule } from '../packages/server/src/capsule.js';
import { importRecords, type ImportItem, type ImportOptions, type ImportReport } from '../packages/server/src/records/import-records.js';

/** The CERN Open Data portal's record files, in name order. */
export const OPEN_DATA_FILES = (() => {
  const dir = path.resolve(import.meta.dirname, '../../shared/fixtures/opendata/records');
  return fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
})();

/** Every record of the open data files, named `<file>#<index>` as `capsule import` names them. */
export function openDataItems(): ImportItem[] {
  return OPEN_DATA_FILES.flatMap((f) => (JSON.parse(fs.readFileSync(f, 'utf8')) as unknown[]).map((metadata, i) => ({ source: `${path.basename(f)}#${i}`, metadata })));
}

export interface TimedImport extends ImportReport {
  /** Records imported per second of wall clock. */
  wallRate: number;
  /** Records imported per CPU-second of this process (on SQLite, the database's work included). */
  cpuRate: number;
}

/** Imports records of a collection as the given account through `importRecords`, timed. */
export async function timedImport(capsule: Capsule, owner: string, schemaName: string, items: Iterable<ImportItem>, options?: ImportOptions): Promise<TimedImport> {
  const { db, dialect, write } = capsule.database;
  const schema = await capsule.schemas.get(schemaName);
  const user = await capsule.accounts.ensureUser(owner);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await importRecords({ db, dialect, write, schemas: capsule.schemas }, user, schema, items, options);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { ...report, wallRate: report.imported / seconds, cpuRate: report.imported / ((used.user + used.system) / 1e6) };
}
