import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tables } from '../../src/db/tables.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { importRecords } from '../../src/records/import-records.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';
import { OPEN_DATA } from './corpus.js';

const MIGRATION = '0010-fts-per-scope';
/** Run again by each test: the migration and those after it (which change nothing the second time). */
const RERUN = migrations.map((m) => m.name).filter((name) => name >= MIGRATION);
const TABLES = ['search_fts_draft', 'search_fts_published'] as const;

/** Every word of a full-text table where it occurs: term, document, column, position. */
async function wordsOf(db: Kysely<Tables>, table: (typeof TABLES)[number]) {
  await sql`create virtual table temp.words using fts5vocab(main, ${sql.table(table)}, 'instance')`.execute(db);
  try {
    const { rows } = await sql<{ term: string; doc: number; col: string; offset: number }>`select term, doc, col, offset from temp.words order by term, doc, col, offset`.execute(db);
    return rows;
  } finally {
    await sql`drop table temp.words`.execute(db);
  }
}

/**
 * The migration computes each scope's words again from the records: they must be exactly what
 * the writes themselves indexed, drafts from their head and published records from their latest
 * version, through imports, edits, a second version and a deleted draft. SQLite only: on
 * PostgreSQL the migration changes nothing.
 */
describe.each(testDatabases.filter((d) => d.dialect === 'sqlite'))('0010-fts-per-scope rebuilds the words of each scope ($dialect)', (database) => {
  let instance: TestInstance;
  let db: Kysely<Tables>;
  let owner: Client;
  const written = new Map<string, Awaited<ReturnType<typeof wordsOf>>>();
  let tablesAfterStop: string[] = [];

  /** The full-text tables there are. */
  const textTables = async () => {
    const { rows } = await sql<{ name: string }>`select name from sqlite_schema where name like 'search_fts%' and type = 'table' and sql like 'create virtual%' order by name`.execute(db);
    return rows.map((r) => r.name);
  };

  beforeAll(async () => {
    instance = await startTestInstance(database);
    db = instance.capsule.database.db;
    await addTestSchemas(instance.capsule);
    owner = client(instance.app, (await instance.capsule.accounts.createToken('owner@example.org')).token);
    const { dialect, write } = instance.capsule.database;
    const importer = await instance.capsule.accounts.ensureUser('importer@example.org');
    const items = OPEN_DATA.slice(0, 30).map((metadata, i) => ({ source: `#${i}`, metadata }));
    const report = await importRecords({ db, dialect, write, schemas: instance.capsule.schemas }, importer, await instance.capsule.schemas.get('opendata-record'), items);
    expect(report.failed).toEqual([]);

    const create = async (title: string) => {
      const res = await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', title, year: 2020, tags: ['migrated'] });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const act = async (id: string, action: 'publish' | 'edit') => expect((await owner.post(`/api/deposits/${id}/actions/${action}`)).status).toBe(action === 'publish' ? 202 : 201);
    const retitle = async (id: string, title: string) => expect((await owner.patch(`/api/deposits/${id}`, [{ op: 'replace', path: '/title', value: title }])).status).toBe(200);
    // Published twice, then edited again: the draft's words differ from the latest version's, which differ from the first's.
    const twice = await create('Firstversion analysis');
    await act(twice, 'publish');
    await act(twice, 'edit');
    await retitle(twice, 'Secondversion analysis');
    await act(twice, 'publish');
    await act(twice, 'edit');
    await retitle(twice, 'Unpublishedchange analysis');
    await create('Plain draft analysis');
    const gone = await create('Deleted draft analysis');
    expect((await owner.delete(`/api/deposits/${gone}`)).status).toBe(204);

    for (const table of TABLES) written.set(table, await wordsOf(db, table));
    // Back to the layout before the migration: one table for both scopes. The migration does not read it.
    for (const table of TABLES) await sql`drop table ${sql.table(table)}`.execute(db);
    await sql`create virtual table search_fts using fts5(title, ids, abstract, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
    await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', MIGRATION as never).execute();
    // A record that cannot be read stops the migration after its new tables were made.
    const { json } = await db.selectFrom('records').select('json').where('uuid', '=', twice).executeTakeFirstOrThrow();
    await db.updateTable('records').set({ json: '{' }).where('uuid', '=', twice).execute();
    await expect(migrateToLatest(instance.capsule.database)).rejects.toThrow(SyntaxError);
    tablesAfterStop = await textTables();
    await db.updateTable('records').set({ json }).where('uuid', '=', twice).execute();
    expect(await migrateToLatest(instance.capsule.database)).toEqual({ applied: RERUN });
  });
  afterAll(() => instance?.close());

  it('gives each scope the words its writes gave it, and only its own documents', async () => {
    for (const table of TABLES) {
      const words = await wordsOf(db, table);
      expect(words.length).toBeGreaterThan(1000);
      expect(words).toEqual(written.get(table));
    }
    const draftWords = new Set((await wordsOf(db, 'search_fts_draft')).map((w) => w.term));
    const publishedWords = new Set((await wordsOf(db, 'search_fts_published')).map((w) => w.term));
    expect([draftWords.has('unpublishedchange'), draftWords.has('secondversion'), draftWords.has('plain'), draftWords.has('deleted')]).toEqual([true, false, true, false]);
    expect([publishedWords.has('secondversion'), publishedWords.has('firstversion'), publishedWords.has('unpublishedchange'), publishedWords.has('plain')]).toEqual([true, false, false, false]);
  });

  it('drops the table of both scopes', async () => {
    expect(await textTables()).toEqual([...TABLES]);
  });

  it('leaves the table of both scopes, and nothing else, when stopped midway', () => {
    expect(tablesAfterStop).toEqual(['search_fts']);
  });

  it('runs again after a stop between its commit and its record, changing nothing', async () => {
    await db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', MIGRATION as never).execute();
    expect(await migrateToLatest(instance.capsule.database)).toEqual({ applied: RERUN });
    for (const table of TABLES) expect(await wordsOf(db, table)).toEqual(written.get(table));
  });

  it('leaves searches finding each scope by its own words', async () => {
    const hits = async (url: string) => {
      const res = await owner.get(url);
      expect(res.status, res.text).toBe(200);
      return res.body.hits.total as number;
    };
    expect([await hits('/api/deposits/?q=unpublishedchange'), await hits('/api/deposits/?q=secondversion'), await hits('/api/records/?q=secondversion'), await hits('/api/records/?q=unpublishedchange')]).toEqual([1, 0, 1, 0]);
  });
});
