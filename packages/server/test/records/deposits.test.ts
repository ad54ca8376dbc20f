import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';

describe.each(testDatabases)('drafts and records over the CAP API ($dialect)', (database) => {
  let instance: TestInstance;
  let owner: Client;
  let other: Client;
  let anonymous: Client;
  let noScope: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await addTestSchemas(instance.capsule);
    const { accounts } = instance.capsule;
    owner = client(instance.app, (await accounts.createToken('owner@example.org')).token);
    other = client(instance.app, (await accounts.createToken('other@example.org')).token);
    noScope = client(instance.app, (await accounts.createToken('owner@example.org', { scopes: ['schemas:admin'] })).token);
    anonymous = client(instance.app);
  });
  afterAll(() => instance.close());

  const create = async (metadata: Record<string, unknown> = { title: 'Search for dark photons', year: 2024 }) => {
    const res = await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', ...metadata });
    expect(res.status).toBe(201);
    return res.body as { id: string; revision: number; metadata: Record<string, unknown> };
  };

  describe('create', () => {
    it('creates by $ana_type: 201, ETag "0", Location, the item with the creator as admin', async () => {
      const res = await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: 'T', _internal: 1, $schema: 'ignored' });
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"0"');
      expect(res.headers.location).toBe(`http://capsule.test/api/deposits/${res.body.id}`);
      expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
      expect(res.body).toMatchObject({
        type: 'deposit',
        revision: 0,
        status: 'draft',
        schema: { name: 'lifecycle-test', version: '1.0.0', fullname: 'Lifecycle test' },
        experiment: 'TEST',
        created_by: { email: 'owner@example.org' },
        metadata: { title: 'T' },
        is_owner: true,
      });
      expect(res.body.access['deposit-admin'].users).toEqual([{ email: 'owner@example.org', profile: {} }]);
      expect(res.body.links.publish).toBe(`http://capsule.test/api/deposits/${res.body.id}/actions/publish`);
      // The new draft's bucket is shown without reading it back: the same as a later read shows.
      const read = await owner.get(`/api/deposits/${res.body.id}`);
      expect(res.body.links.bucket).toMatch(/^http:\/\/capsule\.test\/api\/files\/[0-9a-f-]{36}$/);
      expect({ files: res.body.files, bucket: res.body.links.bucket }).toEqual({ files: read.body.files, bucket: read.body.links.bucket });
      expect(res.body.files).toEqual([]);
    });

    it('creates by $schema URL, whatever host wrote it', async () => {
      const res = await owner.post('/api/deposits/', {
        $schema: 'https://analysispreservation.cern.ch/schemas/deposits/records/lifecycle-test-v1.0.0.json',
        title: 'From CAP',
      });
      expect(res.status).toBe(201);
      expect(res.body.schema.name).toBe('lifecycle-test');
    });

    it('refuses an unknown schema (400), no schema (400), and a body of the wrong type (422 with paths)', async () => {
      const unknown = await owner.post('/api/deposits/', { $ana_type: 'no-such-schema' });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({ status: 400, message: 'Unknown schema "no-such-schema".', errors: [{ field: ['$ana_type'], message: 'no such schema in the registry' }] });
      expect((await owner.post('/api/deposits/', { title: 'x' })).status).toBe(400);
      const wrong = await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', year: 'nineteen', orcid: '0000-0002-1825-0098' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.message).toBe('Validation error. Try again with valid data');
      expect(wrong.body.errors.map((e: { field: unknown }) => e.field)).toEqual(expect.arrayContaining([['year'], ['orcid']]));
    });

    it('refuses a body that is not an object (400) and an empty body (400)', async () => {
      expect((await owner.post('/api/deposits/', [1, 2])).status).toBe(400);
      expect((await owner.post('/api/deposits/', '', { 'content-type': 'application/json' })).status).toBe(400);
    });
  });

  describe('authentication', () => {
    it('needs a token (401), a valid one (401), with deposit:write (403); accepts Bearer, OAuth2 and access_token', async () => {
      const draft = await create();
      expect((await anonymous.get(`/api/deposits/${draft.id}`)).status).toBe(401);
      expect((await anonymous.get('/api/deposits/', { authorization: 'Bearer not-a-token' })).status).toBe(401);
      expect((await anonymous.get('/api/deposits/', { authorization: 'Basic abc' })).status).toBe(401);
      expect((await noScope.get(`/api/deposits/${draft.id}`)).status).toBe(403);
      const token = (await instance.capsule.accounts.createToken('owner@example.org')).token;
      expect((await anonymous.get(`/api/deposits/${draft.id}`, { authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await anonymous.get(`/api/deposits/${draft.id}?access_token=${token}`)).status).toBe(200);
    });

    it('refuses expired tokens', async () => {
      const { token, id } = await instance.capsule.accounts.createToken('owner@example.org', { expiresInDays: 1 });
      await instance.capsule.database.db.updateTable('tokens').set({ expires: '2000-01-01T00:00:00.000Z' }).where('id', '=', id).execute();
      expect((await client(instance.app, token).get('/api/deposits/')).status).toBe(401);
    });
  });

  describe('read', () => {
    it('answers in each item format, 406 for others', async () => {
      const draft = await create();
      const url = `/api/deposits/${draft.id}`;
      const basic = await owner.get(url, { accept: 'application/basic+json' });
      expect(basic.body).toEqual({ pid: draft.id, recid: null, metadata: draft.metadata, created: expect.any(String), updated: expect.any(String) });
      const form = await owner.get(url, { accept: 'application/form+json' });
      expect(form.body.can_update).toBe(true);
      expect(form.body.schemas.schema.properties.title.type).toBe('string');
      const perms = await owner.get(url, { accept: 'application/permissions+json' });
      expect(perms.body).toEqual({
        permissions: {
          read: { users: ['owner@example.org'], roles: [] },
          update: { users: ['owner@example.org'], roles: [] },
          admin: { users: ['owner@example.org'], roles: [] },
        },
      });
      expect((await owner.get(url, { accept: 'application/xml' })).status).toBe(406);
      expect((await owner.get(url, { accept: '*/*' })).body.type).toBe('deposit');
    });

    it('honours If-None-Match with 304, and tells caches the answer is per caller and format', async () => {
      const draft = await create();
      const fresh = await owner.get(`/api/deposits/${draft.id}`);
      expect(fresh.headers['cache-control']).toBe('private, no-cache');
      expect(String(fresh.headers.vary)).toMatch(/Accept.*Authorization.*Cookie/);
      const res = await owner.get(`/api/deposits/${draft.id}`, { 'if-none-match': '"0"' });
      expect(res.status).toBe(304);
      expect((await owner.get(`/api/deposits/${draft.id}`, { 'if-none-match': '"7"' })).status).toBe(200);
    });

    it('gives 404 for an id that never existed and for a draft the caller may not read, with nothing of it', async () => {
      const draft = await create({ title: 'Secret analysis', year: 2020 });
      expect((await owner.get('/api/deposits/0123456789abcdef0123456789abcdef')).status).toBe(404);
      expect((await owner.get('/api/deposits/not-an-id')).status).toBe(404);
      const hidden = await other.get(`/api/deposits/${draft.id}`);
      expect(hidden.status).toBe(404);
      expect(hidden.text).not.toContain('Secret');
      expect((await other.put(`/api/deposits/${draft.id}`, { title: 'x' })).status).toBe(404);
      expect((await other.post(`/api/deposits/${draft.id}/actions/publish`)).status).toBe(404);
    });
  });

  describe('change', () => {
    it('PUT replaces the metadata, drops _ keys, increments the revision', async () => {
      const draft = await create();
      const res = await owner.put(`/api/deposits/${draft.id}`, { title: 'New', year: 2025, _files: [], $schema: 'x' });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body.metadata).toEqual({ title: 'New', year: 2025 });
    });

    it('PATCH applies RFC 6902 operations', async () => {
      const draft = await create({ title: 'T', year: 1, tags: ['a'] });
      const res = await owner.patch(`/api/deposits/${draft.id}`, [
        { op: 'add', path: '/tags/-', value: 'b' },
        { op: 'replace', path: '/year', value: 2 },
        { op: 'add', path: '/nested', value: { value: 1.5 } },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.metadata).toEqual({ title: 'T', year: 2, tags: ['a', 'b'], nested: { value: 1.5 } });
    });

    it('refuses patches that do not apply with 400, and writes nothing', async () => {
      const draft = await create({ title: 'T', year: 1 });
      const url = `/api/deposits/${draft.id}`;
      const failedTest = await owner.patch(url, [{ op: 'replace', path: '/year', value: 5 }, { op: 'test', path: '/title', value: 'not T' }]);
      expect(failedTest.status).toBe(400);
      expect(failedTest.body.message).toMatch(/test operation failed/i);
      expect(failedTest.body.errors[0].field).toEqual(['title']);
      const missing = await owner.patch(url, [{ op: 'replace', path: '/nope/deeper', value: 1 }]);
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toEqual(['nope', 'deeper']);
      expect((await owner.patch(url, { op: 'add' })).status).toBe(400);
      expect((await owner.patch(url, [{ op: 'frobnicate', path: '/x' }])).status).toBe(400);
      expect((await owner.patch(url, [{ op: 'replace', path: '', value: [1] }])).status).toBe(400);
      const typed = await owner.patch(url, [{ op: 'replace', path: '/year', value: 'soon' }]);
      expect(typed.status).toBe(422);
      expect(typed.body.errors).toEqual([{ field: ['year'], message: 'must be integer' }]);
      const after = await owner.get(url);
      expect(after.body.revision).toBe(0);
      expect(after.body.metadata).toEqual({ title: 'T', year: 1 });
    });

    it('If-Match with a stale revision is 412 and writes nothing; a malformed one is 412 too', async () => {
      const draft = await create();
      const url = `/api/deposits/${draft.id}`;
      expect((await owner.patch(url, [{ op: 'replace', path: '/year', value: 3 }], { 'if-match': '"0"' })).status).toBe(200);
      const stale = await owner.put(url, { title: 'lost', year: 1 }, { 'if-match': '"0"' });
      expect(stale.status).toBe(412);
      expect((await owner.put(url, { title: 'x' }, { 'if-match': 'garbage' })).status).toBe(412);
      expect((await owner.get(url)).body.metadata.year).toBe(3);
      expect((await owner.put(url, { title: 'kept', year: 4 }, { 'if-match': 'W/"1"' })).status).toBe(200);
    });

    it('rejects malformed JSON (400) and other media types (415)', async () => {
      const draft = await create();
      const bad = await owner.put(`/api/deposits/${draft.id}`, '{"title": ', { 'content-type': 'application/json' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/Malformed JSON/);
      const text = await owner.put(`/api/deposits/${draft.id}`, 'title=x', { 'content-type': 'text/plain' });
      expect(text.status).toBe(415);
      expect(text.body).toMatchObject({ status: 415, errors: [] });
    });
  });

  describe('publish, versions, edit, discard', () => {
    it('publish of an incomplete draft is 422 with every failing path, and it stays a draft', async () => {
      const draft = await create({ tags: ['x'] });
      const res = await owner.post(`/api/deposits/${draft.id}/actions/publish`);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        { field: ['title'], message: 'This field is required.' },
        { field: ['year'], message: 'This field is required.' },
      ]);
      const after = await owner.get(`/api/deposits/${draft.id}`);
      expect(after.body.status).toBe('draft');
      expect(after.body.recid).toBeUndefined();
    });

    it('publishes (202, recid), locks the draft, and keeps each version immutable', async () => {
      const draft = await create({ title: 'Version one', year: 2012 });
      const url = `/api/deposits/${draft.id}`;
      const published = await owner.post(`${url}/actions/publish`, '', { 'content-type': 'application/json' });
      expect(published.status).toBe(202);
      const recid = published.body.recid as string;
      expect(recid).toMatch(/^CAP\.TEST\.[2-9A-HJKMNP-Z]{4}\.[2-9A-HJKMNP-Z]{4}$/);
      expect(published.body.status).toBe('published');

      expect((await owner.put(url, { title: 'sneaky', year: 1 })).status).toBe(403);
      expect((await owner.patch(url, [{ op: 'replace', path: '/title', value: 'sneaky' }])).status).toBe(403);
      expect((await owner.post(`${url}/actions/publish`)).status).toBe(403);
      expect((await owner.delete(url)).status).toBe(403);

      const record = await owner.get(`/api/records/${recid}`);
      expect(record.status).toBe(200);
      expect(record.body).toMatchObject({ type: 'record', recid, draft_id: draft.id, version: 1, metadata: { title: 'Version one', year: 2012 } });

      expect((await owner.post(`${url}/actions/edit`)).status).toBe(201);
      expect((await owner.post(`${url}/actions/edit`)).status).toBe(403);
      expect((await owner.patch(url, [{ op: 'replace', path: '/title', value: 'Version two' }])).status).toBe(200);
      const again = await owner.post(`${url}/actions/publish`);
      expect(again.status).toBe(202);
      expect(again.body.recid).toBe(recid);

      const latest = await owner.get(`/api/records/${recid}`);
      expect(latest.body).toMatchObject({ version: 2, versions: 2, metadata: { title: 'Version two' } });
      const versions = await owner.get(`/api/records/${recid}/versions`);
      expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      const first = await owner.get(`/api/records/${recid}/versions/1`);
      expect(first.body.metadata).toEqual({ title: 'Version one', year: 2012 });
      expect((await owner.get(`/api/records/${recid}/versions/3`)).status).toBe(404);
      expect((await owner.get(`/api/records/${recid}/versions/zero`)).status).toBe(400);
      expect((await other.get(`/api/records/${recid}`)).status).toBe(404);
      expect((await owner.get('/api/records/CAP.TEST.NOPE.NOPE')).status).toBe(404);
    });

    it('discard returns the draft to the last published state', async () => {
      const draft = await create({ title: 'Stable', year: 2000 });
      const url = `/api/deposits/${draft.id}`;
      expect((await owner.post(`${url}/actions/discard`)).status).toBe(400);
      await owner.post(`${url}/actions/publish`);
      await owner.post(`${url}/actions/edit`);
      await owner.put(url, { title: 'Half-finished idea', year: 2000 });
      const discarded = await owner.post(`${url}/actions/discard`);
      expect(discarded.status).toBe(201);
      expect(discarded.body).toMatchObject({ status: 'published', metadata: { title: 'Stable', year: 2000 } });
    });

    it('clone makes a new draft of the caller with the same metadata and cloned_from', async () => {
      const draft = await create({ title: 'Original', year: 1999 });
      const cloned = await owner.post(`/api/deposits/${draft.id}/actions/clone`);
      expect(cloned.status).toBe(201);
      expect(cloned.body.id).not.toBe(draft.id);
      expect(cloned.body).toMatchObject({ cloned_from: draft.id, status: 'draft', revision: 0, metadata: { title: 'Original', year: 1999 } });
    });

    it('delete: 204 for a never-published draft, then 410; admins only', async () => {
      const draft = await create();
      const url = `/api/deposits/${draft.id}`;
      expect((await owner.delete(url, { 'if-match': '"5"' })).status).toBe(412);
      expect((await owner.delete(url)).status).toBe(204);
      const gone = await owner.get(url);
      expect(gone.status).toBe(410);
      expect(gone.body).toEqual({ status: 410, message: `Analysis ${draft.id} was deleted.`, errors: [] });
      expect((await owner.delete(url)).status).toBe(410);
      expect((await owner.put(url, { title: 'x' })).status).toBe(410);
    });
  });

  describe('permissions', () => {
    it('adds and removes readers and editors; errors leave everything as it was', async () => {
      const draft = await create({ title: 'Shared', year: 2001 });
      const url = `/api/deposits/${draft.id}`;
      const perms = (body: unknown) => owner.post(`${url}/actions/permissions`, body, { accept: 'application/permissions+json' });
      const added = await perms([{ email: 'other@example.org', type: 'user', op: 'add', action: 'deposit-read' }]);
      expect(added.status).toBe(201);
      expect(added.body.permissions.read.users).toEqual(['owner@example.org', 'other@example.org']);

      const reader = await other.get(url);
      expect(reader.status).toBe(200);
      expect(reader.body.is_owner).toBe(false);
      expect((await other.put(url, { title: 'x', year: 1 })).status).toBe(403);
      expect((await other.post(`${url}/actions/permissions`, [])).status).toBe(403);

      const again = await perms([{ email: 'other@example.org', type: 'user', op: 'add', action: 'deposit-read' }]);
      expect(again.status).toBe(400);
      expect(again.body.message).toBe('Permission already exist.');
      const missing = await perms([{ email: 'other@example.org', type: 'user', op: 'remove', action: 'deposit-admin' }]);
      expect(missing.body.message).toBe('Permission does not exist.');
      expect((await perms([{ email: 'nobody@example.org', type: 'user', op: 'add', action: 'deposit-read' }])).status).toBe(400);
      expect((await perms([{ email: 'cms-members', type: 'egroup', op: 'add', action: 'deposit-read' }])).status).toBe(400);
      expect((await perms([{ email: 'other@example.org', type: 'user', op: 'add', action: 'deposit-own' }])).body.errors).toEqual([
        { field: [0, 'action'], message: 'must be one of deposit-read, deposit-update, deposit-admin' },
      ]);
      // All or nothing: the valid first entry is not kept when the second fails.
      const mixed = await perms([
        { email: 'other@example.org', type: 'user', op: 'add', action: 'deposit-update' },
        { email: 'nobody@example.org', type: 'user', op: 'add', action: 'deposit-update' },
      ]);
      expect(mixed.status).toBe(400);
      expect((await other.put(url, { title: 'x', year: 1 })).status).toBe(403);
      const lastAdmin = await perms([{ email: 'owner@example.org', type: 'user', op: 'remove', action: 'deposit-admin' }]);
      expect(lastAdmin.body.message).toBe('An analysis must keep at least one admin.');

      await perms([{ email: 'other@example.org', type: 'user', op: 'add', action: 'deposit-update' }]);
      expect((await other.put(url, { title: 'Edited by a collaborator', year: 2001 })).status).toBe(200);
      await perms([
        { email: 'other@example.org', type: 'user', op: 'remove', action: 'deposit-update' },
        { email: 'other@example.org', type: 'user', op: 'remove', action: 'deposit-read' },
      ]);
      expect((await other.get(url)).status).toBe(404);
    });
  });

  describe('history', () => {
    it('lists revisions with actor and time, rebuilds any revision, and diffs two', async () => {
      const draft = await create({ title: 'r0', year: 0 });
      const url = `/api/deposits/${draft.id}`;
      for (let i = 1; i <= 70; i++) {
        const res = await owner.patch(url, [{ op: 'replace', path: '/year', value: i }, { op: 'replace', path: '/title', value: `r${i}` }]);
        expect(res.status).toBe(200);
      }
      const list = await owner.get(`${url}/revisions`);
      expect(list.body.revisions).toHaveLength(71);
      expect(list.body.revisions[5]).toMatchObject({ revision: 5, action: 'update', actor: { email: 'owner@example.org' } });
      for (const n of [0, 1, 31, 32, 33, 63, 64, 70]) {
        const rev = await owner.get(`${url}/revisions/${n}`);
        expect(rev.body.metadata).toEqual({ title: `r${n}`, year: n });
      }
      const diff = await owner.get(`${url}/revisions/3/diff/40`);
      expect(diff.headers['content-type']).toMatch(/application\/json-patch\+json/);
      expect(diff.body).toEqual(expect.arrayContaining([{ op: 'replace', path: '/year', value: 40 }, { op: 'replace', path: '/title', value: 'r40' }]));
      expect((await owner.get(`${url}/revisions/71`)).status).toBe(404);
      expect((await other.get(`${url}/revisions`)).status).toBe(404);
      // Snapshots keep rebuilds short: one every 32 revisions.
      const snapshots = await instance.capsule.database.db
        .selectFrom('revisions')
        .select('revision')
        .where('record_uuid', '=', draft.id)
        .where('snapshot', 'is not', null)
        .execute();
      expect(snapshots.map((s) => Number(s.revision)).sort((a, b) => a - b)).toEqual([32, 64]);
    });

    it('rebuilds the revisions of a history written when revision 0 kept a snapshot too', async () => {
      const draft = await create({ title: 'r0', year: 0 });
      const url = `/api/deposits/${draft.id}`;
      for (let i = 1; i <= 2; i++) expect((await owner.patch(url, [{ op: 'replace', path: '/year', value: i }])).status).toBe(200);
      await instance.capsule.database.db
        .updateTable('revisions')
        .set({ snapshot: JSON.stringify({ title: 'r0', year: 0 }) })
        .where('record_uuid', '=', draft.id)
        .where('revision', '=', 0)
        .execute();
      for (const n of [0, 1, 2]) expect((await owner.get(`${url}/revisions/${n}`)).body.metadata).toEqual({ title: 'r0', year: n });
      expect((await owner.get(`${url}/revisions/1/diff/2`)).body).toEqual([{ op: 'replace', path: '/year', value: 2 }]);
    });
  });

  describe('listing', () => {
    it('lists only readable drafts, newest first, with pages, by_me, facet filters and counts', async () => {
      const lister = client(instance.app, (await instance.capsule.accounts.createToken('lister@example.org')).token);
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await lister.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: `L${i}`, year: i, tags: i % 2 ? ['odd'] : ['even', 'zero-based'] });
        made.push(res.body.id);
      }
      await lister.post('/api/deposits/', { $ana_type: 'open-test', anything: true });
      const page1 = await lister.get('/api/deposits/?size=2&sort=mostrecent');
      expect(page1.body.hits.total).toBe(6);
      expect(page1.body.hits.hits).toHaveLength(2);
      expect(page1.body.links.next).toContain('page=2');
      expect(page1.body.links.prev).toBeUndefined();
      const page3 = await lister.get('/api/deposits/?size=2&page=3');
      expect(page3.body.links.next).toBeUndefined();
      expect(page3.body.links.prev).toContain('page=2');
      expect(page1.body.aggregations.collection.buckets).toEqual([
        { key: 'lifecycle-test', doc_count: 5 },
        { key: 'open-test', doc_count: 1 },
      ]);

      const filtered = await lister.get('/api/deposits/?collection=lifecycle-test&tag=odd');
      expect(filtered.body.hits.total).toBe(2);
      expect(filtered.body.hits.hits.map((h: { metadata: { title: string } }) => h.metadata.title).sort()).toEqual(['L1', 'L3']);
      // A facet's own selection does not narrow its own counts.
      expect(filtered.body.aggregations.tag.buckets).toEqual([
        { key: 'even', doc_count: 3 },
        { key: 'zero-based', doc_count: 3 },
        { key: 'odd', doc_count: 2 },
      ]);
      expect(filtered.body.aggregations.collection.buckets).toEqual([{ key: 'lifecycle-test', doc_count: 2 }]);

      const mine = await owner.get('/api/deposits/?by_me=True&size=100');
      expect(mine.body.hits.hits.every((h: { created_by: { email: string } }) => h.created_by.email === 'owner@example.org')).toBe(true);
      const others = await other.get('/api/deposits/?size=100');
      expect(others.body.hits.hits.some((h: { id: string }) => made.includes(h.id))).toBe(false);
      expect((await lister.get('/api/deposits/?size=101')).status).toBe(400);
      expect((await lister.get('/api/deposits/?page=0')).status).toBe(400);
      expect((await lister.get('/api/deposits/?sort=random')).status).toBe(400);

      await lister.post(`/api/deposits/${made[0]}/actions/publish`);
      const records = await lister.get('/api/records/?collection=lifecycle-test');
      expect(records.body.hits.total).toBe(1);
      expect(records.body.hits.hits[0]).toMatchObject({ type: 'record', draft_id: made[0] });
      expect((await anonymous.get('/api/records/')).body.hits.total).toBe(0);
    });
  });
});
