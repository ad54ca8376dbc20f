import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tables } from '../../src/db/tables.js';
import { recordStore } from '../../src/records/record-store.js';
import { indexRecord } from '../../src/search/search-index.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

const EXAMPLE = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/cms-analysis-example.json'), 'utf8'));

type Envelope = { hits: { hits: { id: string }[]; total: number }; aggregations: Record<string, { buckets: { key: string; doc_count: number }[] }> };

class Rollback extends Error {}

/**
 * A draft's search rows are rewritten only where an edit changed them. After each kind of edit
 * (text only, a facet only, a typed number, nothing indexed, a field removed, a move), the rows
 * must equal those a full rewrite from the same metadata gives, and searches must see the edit.
 */
describe.each(testDatabases)('edits keep the search rows of a draft exact ($dialect)', (database) => {
  let instance: TestInstance;
  let owner: Client;
  let id: string;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    owner = client(instance.app, (await instance.capsule.accounts.createToken('owner@example.org')).token);
    const created = await owner.post('/api/deposits/', { $ana_type: 'cms-analysis', ...EXAMPLE });
    expect(created.status).toBe(201);
    id = created.body.id;
  });
  afterAll(() => instance?.close());

  /** Everything the index holds for the draft, without row ids. */
  async function indexRows(db: Kysely<Tables> | Transaction<Tables>) {
    const doc = await db.selectFrom('search_docs').select(['id', 'updated', 'title']).where('record_uuid', '=', id).where('scope', '=', 'draft').executeTakeFirstOrThrow();
    const facets = await db.selectFrom('facets').select(['facet', 'value']).where('record_uuid', '=', id).where('scope', '=', 'draft').orderBy('facet').orderBy('value').execute();
    const values = await db.selectFrom('search_values').select(['field', 'value', 'number']).where('doc_id', '=', doc.id).orderBy('field').orderBy('value').execute();
    const text =
      instance.capsule.database.dialect === 'postgres'
        ? (await sql<{ tsv: string }>`select tsv::text as tsv from search_docs where id = ${doc.id}`.execute(db)).rows[0]!.tsv
        : (await sql<{ n: number }>`select count(*) as n from search_fts_draft where rowid = ${doc.id}`.execute(db)).rows[0]!.n;
    return { updated: doc.updated, title: doc.title, facets, values: values.map((v) => ({ ...v, number: v.number === null ? null : Number(v.number) })), text };
  }

  /** The rows a full rewrite of the draft's index gives, computed in a transaction that is then rolled back. */
  async function rewrittenRows() {
    const { db, dialect } = instance.capsule.database;
    const head = (await recordStore.head(db, id))!;
    const schema = await instance.capsule.schemas.get(head.schemaName, head.schemaVersion);
    let rows: Awaited<ReturnType<typeof indexRows>> | undefined;
    await db
      .transaction()
      .execute(async (trx) => {
        await indexRecord(trx, dialect, id, 'draft', { schema, status: head.status, metadata: head.metadata, updated: head.updated });
        rows = await indexRows(trx);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    return rows!;
  }

  const search = async (query: string): Promise<Envelope> => {
    const res = await owner.get(`/api/deposits/?${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body as Envelope;
  };
  const buckets = async (facet: string) => (await search('collection=cms-analysis')).aggregations[facet]?.buckets ?? [];

  async function edit(ops: unknown[]) {
    const res = await owner.patch(`/api/deposits/${id}`, ops);
    expect(res.status, res.text).toBe(200);
    const rows = await indexRows(instance.capsule.database.db);
    expect(rows).toEqual(await rewrittenRows());
    return rows;
  }

  it('rewrites the words when only text changes, and nothing else', async () => {
    const before = await indexRows(instance.capsule.database.db);
    const after = await edit([{ op: 'replace', path: '/analysis_title', value: 'Quuxbarfoo dimuon resonances' }]);
    expect(after.facets).toEqual(before.facets);
    expect(after.values).toEqual(before.values);
    expect((await search('q=quuxbarfoo')).hits.hits.map((h) => h.id)).toEqual([id]);
    expect((await search('q=title:quuxbarfoo')).hits.total).toBe(1);
  });

  it('updates a facet and a typed number whose text does not change', async () => {
    await edit([{ op: 'add', path: '/collision', value: { energy: 7 } }]);
    expect(await buckets('collision_energy')).toEqual([{ key: '7', doc_count: 1 }]);
    expect((await search('q=energy:7')).hits.total).toBe(1);
    await edit([{ op: 'replace', path: '/collision/energy', value: 8 }]);
    expect(await buckets('collision_energy')).toEqual([{ key: '8', doc_count: 1 }]);
    expect((await search('q=energy:7')).hits.total).toBe(0);
    expect((await search('q=energy:8')).hits.total).toBe(1);
    // The words are untouched and still found.
    expect((await search('q=quuxbarfoo')).hits.total).toBe(1);
  });

  it('leaves every row but the date as it was when nothing indexed changes', async () => {
    const before = await indexRows(instance.capsule.database.db);
    const after = await edit([{ op: 'replace', path: '/physics_objects/0/count', value: 3 }]);
    expect({ ...after, updated: before.updated }).toEqual(before);
    expect(after.updated > before.updated).toBe(true);
    const mostRecent = await search('sort=mostrecent&collection=cms-analysis');
    expect(mostRecent.hits.hits[0]!.id).toBe(id);
  });

  it('removes the rows of a removed field, and follows a move', async () => {
    await edit([{ op: 'remove', path: '/collision' }]);
    expect(await buckets('collision_energy')).toEqual([]);
    expect((await search('q=energy:8')).hits.total).toBe(0);
    await edit([
      { op: 'test', path: '/analysis_title', value: 'Quuxbarfoo dimuon resonances' },
      { op: 'move', from: '/analysis_title', path: '/abstract' },
    ]);
    expect((await search('q=title:quuxbarfoo')).hits.total).toBe(0);
    expect((await search('q=quuxbarfoo')).hits.total).toBe(1);
  });

  it('rewrites everything when the whole document is replaced', async () => {
    await edit([{ op: 'replace', path: '', value: { ...EXAMPLE, collision: { type: 'PbPb', energy: 5 } } }]);
    expect(await buckets('collision_system')).toEqual([{ key: 'PbPb', doc_count: 1 }]);
    expect((await search('q=quuxbarfoo')).hits.total).toBe(0);
  });
});
