import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { preparedInsert, preparedQuery } from '../../src/db/prepared-query.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('prepared queries on $dialect', (testDb) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await testDb.create();
    database = openDatabase(created.url);
    await migrateToLatest(database);
    drop = created.drop;
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  const user = (email: string) => ({ email, profile: '{}', is_admin: 0, active: 1, created: '2024-01-01T00:00:00.000Z', password_hash: null });

  it('inserts in chunks and answers the generated columns of every row; a query built once answers each run for its own values', async () => {
    const insertUsers = preparedInsert('users', ['email', 'profile', 'is_admin', 'active', 'created', 'password_hash'], 2, ['id', 'email']);
    const emails = ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org', 'e@x.org'];
    const inserted = await database.write((trx) => insertUsers(trx, emails.map(user)));
    expect(inserted.map((r) => r.email).sort()).toEqual(emails);
    expect(new Set(inserted.map((r) => Number(r.id))).size).toBe(emails.length);

    let builds = 0;
    const idByEmail = preparedQuery((db, email: string) => {
      builds++;
      return db.selectFrom('users').select('id').where('email', '=', email).where('active', '=', 1);
    });
    for (const { id, email } of inserted) expect((await idByEmail(database.db, email)).map((r) => Number(r.id))).toEqual([Number(id)]);
    expect(await idByEmail(database.db, 'nobody@x.org')).toEqual([]);
    expect(builds).toBe(1);
  });

  it('refuses a parameter written into the SQL or into another value, which would run as its placeholder', async () => {
    const inValue = preparedQuery((db, prefix: string) => db.selectFrom('users').select('id').where('email', 'like', `${prefix}%`));
    await expect(inValue(database.db, 'a')).rejects.toThrow(/bind each parameter as a value of its own/);
    const inSql = preparedQuery((db, email: string) => db.selectFrom('users').select('id').where('email', '=', sql.lit(email)));
    await expect(inSql(database.db, 'a@x.org')).rejects.toThrow(/bind each parameter as a value of its own/);
  });
});
