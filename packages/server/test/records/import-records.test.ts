import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords, type ImportDeps } from '../../src/records/import-records.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { OPEN_DATA } from '../search/corpus.js';

/** More records than one transaction holds, so that the import writes several batches. */
const COUNT = 2003;

/**
 * A batch whose transaction fails is retried record by record, while the batches around it are
 * written as usual (the next one is read while the one before is being written): every record is
 * imported whole, or listed as failed and absent.
 */
describe.each(testDatabases)('importRecords, a batch that fails ($dialect)', (database) => {
  let instance: TestInstance;
  let report: Awaited<ReturnType<typeof importRecords>>;
  const progress: number[] = [];

  beforeAll(async () => {
    instance = await startTestInstance(database);
    const { capsule } = instance;
    const owner = await capsule.accounts.ensureUser('importer@example.org');
    // Transactions 2 (the second batch) and 4 (its second record on its own) fail.
    let calls = 0;
    const write: ImportDeps['write'] = (work) => {
      calls++;
      return calls === 2 || calls === 4 ? Promise.reject(new Error(`refused transaction ${calls}`)) : capsule.database.write(work);
    };
    const items = OPEN_DATA.slice(0, COUNT).map((metadata, i) => ({ source: `#${i}`, metadata }));
    const deps = { db: capsule.database.db, dialect: capsule.database.dialect, write, schemas: capsule.schemas };
    report = await importRecords(deps, owner, await capsule.schemas.get('opendata-record'), items, { onProgress: (done) => progress.push(done) });
  }, 120_000);
  afterAll(() => instance?.close());

  it('imports every other record and lists the one that failed on its own', () => {
    expect(report.failed).toEqual([{ source: `#${COUNT - 2}`, message: 'refused transaction 4', errors: [] }]);
    expect(report.imported).toBe(COUNT - 1);
    expect(progress.at(-1)).toBe(COUNT);
  });

  it('leaves the failed record absent, and the others with their search rows', async () => {
    const { db } = instance.capsule.database;
    const portalIds = (await db.selectFrom('records').select('json').execute()).map((r) => (JSON.parse(r.json) as { recid: string }).recid);
    const expected = OPEN_DATA.slice(0, COUNT).map((r) => r.recid);
    expect(portalIds.sort()).toEqual(expected.filter((_, i) => i !== COUNT - 2).sort());
    const docs = await db.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(docs.n)).toBe(2 * (COUNT - 1));
    const records = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(records.n)).toBe(COUNT - 1);
  });
});
