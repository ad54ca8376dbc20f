import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { CapsuleMigration } from '../../src/db/migrations/migration.js';
import { testDatabases } from '../support/databases.js';

/** SQLite's temp_store as it stood while the last migration ran. */
const seen = vi.hoisted(() => ({ tempStore: undefined as number | undefined, fail: false }));

// The project's migrations, then one that reads where temporary data goes while it runs.
vi.mock('../../src/db/migrations/index.js', async (original) => {
  const { migrations } = await original<typeof import('../../src/db/migrations/index.js')>();
  const probe: CapsuleMigration = {
    name: '9999-probe-temp-store',
    up: async (db) => {
      const { rows } = await sql<{ temp_store: number }>`pragma temp_store`.execute(db);
      seen.tempStore = rows[0]!.temp_store;
      if (seen.fail) throw new Error('probe failed');
    },
  };
  return { migrations: [...migrations, probe] };
});

const sqlite = testDatabases.find((d) => d.dialect === 'sqlite')!;

describe('migrations on SQLite', () => {
  let cleanup: () => Promise<void> = async () => {};
  afterAll(() => cleanup());

  it('keep their temporary data in files while they run, and the connection goes back to memory after, whether they succeed or fail', async () => {
    const created = await sqlite.create();
    const database = openDatabase(created.url);
    cleanup = async () => {
      await database.close();
      await created.drop();
    };
    const tempStore = async () => (await sql<{ temp_store: number }>`pragma temp_store`.execute(database.db)).rows[0]!.temp_store;
    expect(await tempStore()).toBe(2); // MEMORY: what group commits' savepoint journals need
    await migrateToLatest(database);
    expect(seen.tempStore).toBe(1); // FILE
    expect(await tempStore()).toBe(2);

    // A migration that fails leaves the connection back in memory too.
    await database.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '9999-probe-temp-store' as never).execute();
    seen.fail = true;
    seen.tempStore = undefined;
    await expect(migrateToLatest(database)).rejects.toThrow('probe failed');
    expect(seen.tempStore).toBe(1);
    expect(await tempStore()).toBe(2);
  });
});
