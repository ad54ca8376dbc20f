import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance } from '../support/instance.js';

const MIGRATION = '0011-accounts-version';
const TABLES = ['users', 'groups', 'memberships', 'tokens'];

// A counter without all its triggers would let cached callers outlive changes it does not count.
it.each(testDatabases.filter((d) => d.dialect === 'sqlite'))('0011-accounts-version: a stop midway leaves nothing of it, and it runs again whole ($dialect)', async (database) => {
  const instance = await startTestInstance(database);
  const { db } = instance.capsule.database;
  const madeOfIt = async () => (await sql<{ name: string }>`select name from sqlite_schema where name like '%accounts_version' order by name`.execute(db)).rows.map((r) => r.name);
  try {
    const made = await madeOfIt();
    expect(made).toHaveLength(1 + TABLES.length * 3);
    // Back to before the migration, then a table it puts triggers on goes missing, so it stops at the last of them.
    for (const name of made) await sql.raw(name === 'accounts_version' ? `drop table ${name}` : `drop trigger ${name}`).execute(db);
    await db.deleteFrom('kysely_migration' as never).where('name' as never, '=', MIGRATION as never).execute();
    await sql`alter table tokens rename to tokens_away`.execute(db);
    try {
      await expect(migrateToLatest(instance.capsule.database)).rejects.toThrow(/tokens/);
      expect(await madeOfIt()).toEqual([]);
      expect(instance.capsule.database.accountsVersion()).toBeUndefined();
    } finally {
      await sql`alter table tokens_away rename to tokens`.execute(db);
    }
    expect(await migrateToLatest(instance.capsule.database)).toEqual({ applied: [MIGRATION] });
    expect(await madeOfIt()).toEqual(made);
    expect(instance.capsule.database.accountsVersion()).toBe('0');
  } finally {
    await instance.close();
  }
});
