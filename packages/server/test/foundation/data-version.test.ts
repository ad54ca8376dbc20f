import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('the data version read caches are keyed by ($dialect)', (testDatabase) => {
  let server: Database;
  let cli: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await testDatabase.create();
    drop = created.drop;
    server = openDatabase(created.url);
    await migrateToLatest(server);
    // A second connection to the same database, as a `capsule` command run beside the server opens.
    cli = openDatabase(created.url);
  });
  afterAll(async () => {
    await cli.close();
    await server.close();
    await drop();
  });

  const addGroup = (database: Database, name: string) =>
    database.write((trx) => trx.insertInto('groups').values({ name, description: '', created: new Date().toISOString() }).execute());

  if (testDatabase.dialect === 'postgres') {
    it('is never known: other servers commit unseen, so nothing is cached', async () => {
      expect(server.dataVersion()).toBeUndefined();
      await addGroup(server, 'pg-own');
      expect(server.dataVersion()).toBeUndefined();
    });
    return;
  }

  it('stays the same while nothing is written', async () => {
    const before = server.dataVersion();
    expect(before).toBeDefined();
    await server.db.selectFrom('groups').selectAll().execute();
    expect(server.dataVersion()).toBe(before);
  });

  it("changes with this connection's own writes", async () => {
    const before = server.dataVersion();
    await addGroup(server, 'own');
    expect(server.dataVersion()).not.toBe(before);
  });

  it('changes as soon as a write commits, while its log is still being flushed (before it is acknowledged)', async () => {
    const before = server.dataVersion();
    const visible = async () => (await server.db.selectFrom('groups').select('name').where('name', '=', 'committed').execute()).length > 0;
    const written = addGroup(server, 'committed');
    // Reads wait while the write's transaction holds the connection: the row shows once it has committed.
    while (!(await visible())) await new Promise((r) => setImmediate(r));
    expect(server.dataVersion()).not.toBe(before);
    await written;
  });

  it("changes with another connection's commits", async () => {
    const before = server.dataVersion();
    await addGroup(cli, 'other');
    expect(server.dataVersion()).not.toBe(before);
  });

  it('changes after a write that is rolled back', async () => {
    const before = server.dataVersion();
    await expect(
      server.write(async (trx) => {
        await trx.insertInto('groups').values({ name: 'rolled-back', description: '', created: new Date().toISOString() }).execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(server.dataVersion()).not.toBe(before);
  });

  it('is unknown while a write transaction is open, whose rows this connection already sees', async () => {
    const inside = await server.write(async (trx) => {
      await trx.insertInto('groups').values({ name: 'pending', description: '', created: new Date().toISOString() }).execute();
      return server.dataVersion();
    });
    expect(inside).toBeUndefined();
    expect(server.dataVersion()).toBeDefined();
  });
});
