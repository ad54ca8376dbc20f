import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../src/accounts/account-types.js';
import { importRecords } from '../../src/records/import-records.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';
import { OPEN_DATA } from './corpus.js';

type Envelope = { hits: { hits: { id: string }[]; total: number }; aggregations: Record<string, { buckets: { key: string; doc_count: number }[] }> };

describe.each(testDatabases)('search sees only what the caller may read ($dialect)', (database) => {
  let instance: TestInstance;
  let owner: Client;
  let other: Client;
  let anonymous: Client;
  let draftId: string;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await addTestSchemas(instance.capsule);
    owner = client(instance.app, (await instance.capsule.accounts.createToken('owner@example.org')).token);
    other = client(instance.app, (await instance.capsule.accounts.createToken('other@example.org')).token);
    anonymous = client(instance.app);
    const created = await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: 'Zyxwvut private analysis', year: 2020, tags: ['secretfacet'] });
    expect(created.status).toBe(201);
    draftId = created.body.id;
  });
  afterAll(() => instance?.close());

  const get = async (who: Client, url: string): Promise<Envelope> => {
    const res = await who.get(url);
    expect(res.status, res.text).toBe(200);
    return res.body as Envelope;
  };
  const keys = (e: Envelope) => Object.values(e.aggregations).flatMap((a) => a.buckets.map((b) => b.key));

  it('gives a user without access no hit and no count from a private draft', async () => {
    const mine = await get(owner, '/api/deposits/?q=zyxwvut&collection=lifecycle-test');
    expect(mine.hits.hits.map((h) => h.id)).toEqual([draftId]);
    expect(mine.aggregations.tag!.buckets).toEqual([{ key: 'secretfacet', doc_count: 1 }]);
    const theirs = await get(other, '/api/deposits/?q=zyxwvut&collection=lifecycle-test');
    expect(theirs.hits).toEqual({ hits: [], total: 0 });
    expect(keys(theirs)).toEqual([]);
    const everything = await get(other, '/api/deposits/?collection=lifecycle-test');
    expect(everything.hits.total).toBe(0);
    expect(keys(everything)).toEqual([]);
    expect((await anonymous.get('/api/deposits/?q=zyxwvut')).status).toBe(401);
    expect((await get(anonymous, '/api/records/?q=zyxwvut')).hits.total).toBe(0);
  });

  it('indexes every change in the same transaction: new words are found at once, old ones no longer', async () => {
    const patched = await owner.patch(`/api/deposits/${draftId}`, [{ op: 'replace', path: '/title', value: 'Qwertyuiop private analysis' }]);
    expect(patched.status).toBe(200);
    expect((await get(owner, '/api/deposits/?q=qwertyuiop')).hits.total).toBe(1);
    expect((await get(owner, '/api/deposits/?q=zyxwvut')).hits.total).toBe(0);
    expect((await get(owner, '/api/deposits/?q=title:qwertyuiop')).hits.total).toBe(1);
  });

  it('publishes into the record search only for those who may read the record', async () => {
    expect((await owner.post(`/api/deposits/${draftId}/actions/publish`)).status).toBe(202);
    expect((await get(owner, '/api/records/?q=qwertyuiop')).hits.total).toBe(1);
    expect((await get(other, '/api/records/?q=qwertyuiop')).hits.total).toBe(0);
    expect((await get(anonymous, '/api/records/?q=qwertyuiop')).hits.total).toBe(0);
    expect((await get(owner, '/api/deposits/?q=status:published')).hits.total).toBe(1);
  });

  it('removes a deleted draft from the search', async () => {
    const created = await owner.post('/api/deposits/', { $ana_type: 'open-test', note: 'Plokijuh to be deleted' });
    expect((await get(owner, '/api/deposits/?q=plokijuh')).hits.total).toBe(1);
    expect((await owner.delete(`/api/deposits/${created.body.id}`)).status).toBe(204);
    expect((await get(owner, '/api/deposits/?q=plokijuh')).hits.total).toBe(0);
  });

  it('finds a record shared with a group for its members only, in hits, totals and facet counts, beside the public ones', async () => {
    const { capsule } = instance;
    await capsule.groups.add('search-readers');
    await capsule.groups.addMember('search-readers', await capsule.accounts.ensureUser('member@example.org'));
    const member = client(instance.app, (await capsule.accounts.createToken('member@example.org')).token);
    const created = await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: 'Mnbvcxz shared analysis', year: 2021, tags: ['groupfacet'] });
    const url = `/api/deposits/${created.body.id}`;
    const shared = await owner.post(`${url}/actions/permissions`, [{ email: 'search-readers', type: 'egroup', op: 'add', action: 'deposit-read' }]);
    expect(shared.status, shared.text).toBe(201);

    const seen = await get(member, '/api/deposits/?q=mnbvcxz&collection=lifecycle-test');
    expect(seen.hits.hits.map((h) => h.id)).toEqual([created.body.id]);
    expect(seen.aggregations.tag!.buckets).toEqual([{ key: 'groupfacet', doc_count: 1 }]);
    const unseen = await get(other, '/api/deposits/?collection=lifecycle-test&tag=groupfacet');
    expect(unseen.hits.total).toBe(0);
    expect(keys(unseen)).toEqual([]);

    expect((await owner.post(`${url}/actions/publish`)).status).toBe(202);
    expect((await get(member, '/api/records/?q=mnbvcxz')).hits.total).toBe(1);
    expect((await get(other, '/api/records/?q=mnbvcxz')).hits.total).toBe(0);
    // The anonymous count of everything is the public records alone.
    const publicCount = (await get(anonymous, '/api/records/?size=1')).hits.total;
    expect((await get(member, '/api/records/?size=1')).hits.total).toBe(publicCount + 1);
  });

  it('keeps a private import to the importing account; a public one is readable anonymously', async () => {
    const { db, dialect, write } = instance.capsule.database;
    const deps = { db, dialect, write, schemas: instance.capsule.schemas };
    const schema = await instance.capsule.schemas.get('opendata-record');
    const importer = await instance.capsule.accounts.ensureUser('owner@example.org');
    const dimuon = OPEN_DATA.filter((r) => r.recid === '14');
    const report = await importRecords(deps, importer, schema, dimuon.map((metadata) => ({ source: 'private', metadata })), { private: true });
    expect(report).toEqual({ imported: 1, failed: [] });
    const q = '/api/records/?q=doi:10.7483/OPENDATA.CMS.B8MR.C4A2';
    expect((await get(anonymous, q)).hits.total).toBe(0);
    expect((await get(owner, q)).hits.total).toBe(1);
    await importRecords(deps, importer, schema, dimuon.map((metadata) => ({ source: 'public', metadata })));
    expect((await get(anonymous, q)).hits.total).toBe(1);
    expect((await instance.capsule.records.list(ANONYMOUS, { q: 'doi:10.7483/OPENDATA.CMS.B8MR.C4A2' })).total).toBe(1);
  });

  it('lists each failing record of an import and writes none of it', async () => {
    const { db, dialect, write } = instance.capsule.database;
    const schema = await instance.capsule.schemas.get('opendata-record');
    const importer = await instance.capsule.accounts.ensureUser('owner@example.org');
    const before = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const report = await importRecords({ db, dialect, write, schemas: instance.capsule.schemas }, importer, schema, [
      { source: 'a.json#0', metadata: { title: 42 } },
      { source: 'a.json#1', metadata: 'not an object' },
    ]);
    expect(report.imported).toBe(0);
    expect(report.failed.map((f) => f.source)).toEqual(['a.json#0', 'a.json#1']);
    expect(report.failed[0]!.errors.length).toBeGreaterThan(0);
    const after = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
