/** An import timed, as the import and search benchmarks measure it. */
import type { Capsule } from '../packages/server/src/capsule.js';
import { importRecords, type ImportItem, type ImportOptions, type ImportReport } from '../packages/server/src/records/import-records.js';
import { ownCpuSecondsSince } from './measure.js';

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
  return { ...report, wallRate: report.imported / seconds, cpuRate: report.imported / ownCpuSecondsSince(cpu) };
}
