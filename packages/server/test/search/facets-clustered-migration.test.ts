import { Migrator, sql, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Accounts } from '../../src/accounts/accounts.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { importRecords } from '../../src/records/import-records.js';
import { loadBuiltinSchemas } from '../../src/schemas/builtin-schemas.js';
import { SchemaRegistry } from '../../src/schemas/schema-registry.js';
import { testDatabases } from '../support/databases.js';
import { OPEN_DATA } from './corpus.js';

const BEFORE = '0007-facet-counts';

/** Every facet row, in one order. */
const facetRows = (database: Database) =>
  database.db.selectFrom('facets').select(['record_uuid', 'scope', 'facet', 'value']).orderBy('record_uuid').orderBy('scope').orderBy('facet').orderBy('value').execute();

/**
 * A database made before facets were clustered, holding records, keeps every facet row through
 * the migration; on SQLite the table is then WITHOUT ROWID, still with the index counts read.
 */
describe.each(testDatabases)('0008-facets-clustered on a database with records ($dialect)', (testDb) => {
  let database: Database;
  let drop: () => Promise<void>;
  let before: Awaited<ReturnType<typeof facetRows>>;

  beforeAll(async () => {
    const made = await testDb.create();
    drop = made.drop;
    database = openDatabase(made.url);
    const upTo = migrations.slice(0, migrations.findIndex((m) => m.name === BEFORE) + 1);
    const provider = { getMigrations: async () => Object.fromEntries(upTo.map((m): [string, Migration] => [m.name, { up: (db) => m.up(db, database.dialect) }])) };
    const { error } = await new Migrator({ db: database.db, provider }).migrateToLatest();
    if (error) throw error;
    const schemas = new SchemaRegistry(database, 'http://localhost');
    await loadBuiltinSchemas(schemas);
    const owner = await new Accounts(database).ensureUser('importer@example.org');
    const items = OPEN_DATA.slice(0, 40).map((metadata, i) => ({ source: `#${i}`, metadata }));
    // Today's import writes the words into the per-scope tables of a later migration (0010): they
    // are made for it and dropped again, so that migration finds the layout it starts from.
    const textTables = database.dialect === 'sqlite' ? ['search_fts_draft', 'search_fts_published'] : [];
    for (const table of textTables) await sql`create virtual table ${sql.table(table)} using fts5(title, ids, abstract, body, content='', contentless_delete=1)`.execute(database.db);
    const report = await importRecords({ db: database.db, dialect: database.dialect, write: database.write, schemas }, owner, await schemas.get('opendata-record'), items);
    expect(report.failed).toEqual([]);
    for (const table of textTables) await sql`drop table ${sql.table(table)}`.execute(database.db);
    before = await facetRows(database);
    expect(await migrateToLatest(database)).toEqual({ applied: migrations.slice(migrations.findIndex((m) => m.name === BEFORE) + 1).map((m) => m.name) });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('keeps every facet row', async () => {
    expect(before.length).toBeGreaterThan(40 * 2 * 5);
    expect(await facetRows(database)).toEqual(before);
  });

  it('leaves SQLite a table without rowid, its key and the counting index', async () => {
    if (database.dialect !== 'sqlite') return;
    const { rows } = await sql<{ wr: number }>`select wr from pragma_table_list where name = 'facets'`.execute(database.db);
    expect(rows).toEqual([{ wr: 1 }]);
    const indexes = await sql<{ name: string }>`select name from pragma_index_list('facets') order by name`.execute(database.db);
    expect(indexes.rows.map((r) => r.name)).toEqual(['facets_counts', 'sqlite_autoindex_facets_1']);
  });

  it('still refuses a facet of no record and a facet twice', async () => {
    const row = before[0]!;
    await expect(database.db.insertInto('facets').values({ ...row, record_uuid: '0'.repeat(32) }).execute()).rejects.toThrow();
    await expect(database.db.insertInto('facets').values(row).execute()).rejects.toThrow();
  });
});
