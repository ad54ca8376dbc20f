import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client, type Reply } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';

/** Who calls, in the order of the expectation rows below. */
const ROLES = [
  'anonymous',
  'unrelated user',
  'reader',
  'updater',
  'admin',
  'group member',
  'collection reader',
  'superuser',
  'disabled user',
  'expired token',
  'revoked token',
  'token without scope',
] as const;
type Role = (typeof ROLES)[number];

/** A status, or for listings 200 with (`+`) or without (`-`) the analysis in the hits. */
type Expected = number | '200+' | '200-';

const SECRET = 'Unpublished dark sector result';

interface Fixture {
  /** A draft being edited after one publish. */
  draft: string;
  /** A published analysis, not in edit. */
  published: string;
  /** A draft never published. */
  fresh: string;
  recid: string;
}

interface Case {
  name: string;
  /** Whether the call may change the analyses: such cells get fresh ones, the others share a set. */
  changes: boolean;
  call: (c: Client, f: Fixture) => Promise<Reply>;
  expected: Record<Role, Expected>;
}

/** Expectations in ROLES order. */
const row = (...statuses: Expected[]): Record<Role, Expected> => Object.fromEntries(ROLES.map((r, i) => [r, statuses[i]!])) as Record<Role, Expected>;

const CASES: Case[] = [
  // anon unrel reader upd admin group coll super disab expir revok noscope
  { name: 'GET draft', changes: false, call: (c, f) => c.get(`/api/deposits/${f.draft}`), expected: row(401, 404, 200, 200, 200, 200, 404, 200, 401, 401, 401, 403) },
  { name: 'PUT draft', changes: true, call: (c, f) => c.put(`/api/deposits/${f.draft}`, { title: 'Changed', year: 2020 }), expected: row(401, 404, 403, 200, 200, 403, 404, 200, 401, 401, 401, 403) },
  { name: 'PATCH draft', changes: true, call: (c, f) => c.patch(`/api/deposits/${f.draft}`, [{ op: 'replace', path: '/year', value: 2021 }]), expected: row(401, 404, 403, 200, 200, 403, 404, 200, 401, 401, 401, 403) },
  { name: 'DELETE never-published draft', changes: true, call: (c, f) => c.delete(`/api/deposits/${f.fresh}`), expected: row(401, 404, 403, 403, 204, 403, 404, 204, 401, 401, 401, 403) },
  { name: 'DELETE published analysis', changes: true, call: (c, f) => c.delete(`/api/deposits/${f.published}`), expected: row(401, 404, 403, 403, 403, 403, 404, 403, 401, 401, 401, 403) },
  { name: 'publish', changes: true, call: (c, f) => c.post(`/api/deposits/${f.draft}/actions/publish`), expected: row(401, 404, 403, 403, 202, 403, 404, 202, 401, 401, 401, 403) },
  { name: 'edit', changes: true, call: (c, f) => c.post(`/api/deposits/${f.published}/actions/edit`), expected: row(401, 404, 403, 201, 201, 403, 404, 201, 401, 401, 401, 403) },
  { name: 'discard', changes: true, call: (c, f) => c.post(`/api/deposits/${f.draft}/actions/discard`), expected: row(401, 404, 403, 201, 201, 403, 404, 201, 401, 401, 401, 403) },
  { name: 'clone', changes: true, call: (c, f) => c.post(`/api/deposits/${f.draft}/actions/clone`), expected: row(401, 404, 201, 201, 201, 201, 404, 201, 401, 401, 401, 403) },
  {
    name: 'permissions',
    changes: true,
    call: (c, f) => c.post(`/api/deposits/${f.draft}/actions/permissions`, [{ email: 'bystander@example.org', type: 'user', op: 'add', action: 'deposit-read' }]),
    expected: row(401, 404, 403, 403, 201, 403, 404, 201, 401, 401, 401, 403),
  },
  { name: 'revisions', changes: false, call: (c, f) => c.get(`/api/deposits/${f.draft}/revisions`), expected: row(401, 404, 200, 200, 200, 200, 404, 200, 401, 401, 401, 403) },
  { name: 'list drafts', changes: false, call: (c) => c.get('/api/deposits/?size=100'), expected: row(401, '200-', '200+', '200+', '200+', '200+', '200-', '200+', 401, 401, 401, 403) },
  { name: 'GET record', changes: false, call: (c, f) => c.get(`/api/records/${f.recid}`), expected: row(404, 404, 200, 200, 200, 200, 200, 200, 401, 401, 401, 200) },
  { name: 'GET record versions', changes: false, call: (c, f) => c.get(`/api/records/${f.recid}/versions`), expected: row(404, 404, 200, 200, 200, 200, 200, 200, 401, 401, 401, 200) },
  { name: 'list records', changes: false, call: (c) => c.get('/api/records/?size=100'), expected: row('200-', '200-', '200+', '200+', '200+', '200+', '200+', '200+', 401, 401, 401, '200+') },
  { name: 'create draft', changes: false, call: (c) => c.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: 'New' }), expected: row(401, 201, 201, 201, 201, 201, 201, 201, 401, 401, 401, 403) },
  { name: 'GET /api/me', changes: false, call: (c) => c.get('/api/me'), expected: row(401, 200, 200, 200, 200, 200, 200, 200, 401, 401, 401, 200) },
  {
    name: 'add a schema',
    changes: false,
    call: (c) => c.post('/api/jsonschemas/', { name: `matrix-${Math.random().toString(36).slice(2, 10)}`, version: '1.0.0', deposit_schema: { type: 'object' } }),
    expected: row(401, 403, 403, 403, 403, 403, 403, 201, 401, 401, 401, 403),
  },
];

describe.each(testDatabases)('authorization matrix: every endpoint and action for every kind of caller ($dialect)', (database) => {
  let instance: TestInstance;
  let clients: Record<Role, Client>;
  let owner: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    const { capsule, app } = instance;
    await addTestSchemas(capsule);
    const { accounts, groups, collectionGrants } = capsule;
    const tokenOf = async (email: string, scopes?: string[]) => (await accounts.createToken(email, scopes ? { scopes } : {})).token;
    owner = client(app, await tokenOf('admin@example.org'));
    for (const email of ['unrelated', 'bystander', 'reader', 'updater', 'member', 'collection-reader', 'disabled'].map((n) => `${n}@example.org`)) await accounts.ensureUser(email);
    await groups.add('collaboration');
    await groups.addMember('collaboration', (await accounts.userByEmail('member@example.org'))!);
    await groups.add('record-readers');
    await groups.addMember('record-readers', (await accounts.userByEmail('collection-reader@example.org'))!);
    await collectionGrants.add({ schemaName: 'lifecycle-test', action: 'record-read', subjectType: 'group', subject: 'record-readers' });
    await accounts.ensureUser('root@example.org', { isAdmin: true });

    const expired = await accounts.createToken('reader@example.org', { expiresInDays: 1 });
    await capsule.database.db.updateTable('tokens').set({ expires: '2001-01-01T00:00:00.000Z' }).where('id', '=', expired.id).execute();
    const revoked = await accounts.createToken('reader@example.org');
    await accounts.revokeToken(revoked.user.id, revoked.id);
    const disabledToken = await tokenOf('disabled@example.org');
    await accounts.disableUser('disabled@example.org');

    clients = {
      anonymous: client(app),
      'unrelated user': client(app, await tokenOf('unrelated@example.org')),
      reader: client(app, await tokenOf('reader@example.org')),
      updater: client(app, await tokenOf('updater@example.org')),
      admin: owner,
      'group member': client(app, await tokenOf('member@example.org')),
      'collection reader': client(app, await tokenOf('collection-reader@example.org')),
      superuser: client(app, await tokenOf('root@example.org', ['deposit:write', 'schemas:admin'])),
      'disabled user': client(app, disabledToken),
      'expired token': client(app, expired.token),
      'revoked token': client(app, revoked.token),
      'token without scope': client(app, await tokenOf('updater@example.org', ['schemas:admin'])),
    };
  });
  afterAll(() => instance.close());

  /** A fresh set of analyses with the same grants, so each cell starts from the same state. */
  async function fixture(): Promise<Fixture> {
    const make = async () => (await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: SECRET, year: 2024 })).body.id as string;
    const share = (id: string) =>
      owner.post(`/api/deposits/${id}/actions/permissions`, [
        { email: 'reader@example.org', type: 'user', op: 'add', action: 'deposit-read' },
        { email: 'updater@example.org', type: 'user', op: 'add', action: 'deposit-update' },
        { email: 'collaboration', type: 'egroup', op: 'add', action: 'deposit-read' },
      ]);
    const [draft, published, fresh] = [await make(), await make(), await make()];
    for (const id of [draft, published, fresh]) expect((await share(id)).status).toBe(201);
    const recid = (await owner.post(`/api/deposits/${draft}/actions/publish`)).body.recid as string;
    expect((await owner.post(`/api/deposits/${draft}/actions/edit`)).status).toBe(201);
    expect((await owner.post(`/api/deposits/${published}/actions/publish`)).status).toBe(202);
    return { draft, published, fresh, recid };
  }

  it(`answers ${CASES.length} endpoints x ${ROLES.length} callers as expected, and failed reads show nothing of the analysis`, async () => {
    const wrong: string[] = [];
    const shared = await fixture();
    // Cells that change nothing run first, while the shared analyses are still on the listings' first page.
    for (const c of [...CASES.filter((x) => !x.changes), ...CASES.filter((x) => x.changes)]) {
      for (const role of ROLES) {
        const f = c.changes ? await fixture() : shared;
        const res = await c.call(clients[role], f);
        const expected = c.expected[role];
        const status = typeof expected === 'number' ? expected : 200;
        if (res.status !== status) {
          wrong.push(`${c.name} as ${role}: expected ${status}, got ${res.status} ${res.body?.message ?? ''}`);
          continue;
        }
        if (typeof expected === 'string') {
          const ids = (res.body.hits.hits as { id: string; draft_id?: string }[]).map((h) => h.draft_id ?? h.id);
          const listed = ids.includes(f.draft) || ids.includes(f.published);
          if (listed !== (expected === '200+')) wrong.push(`${c.name} as ${role}: the analysis is ${listed ? '' : 'not '}listed`);
          if (expected === '200-' && res.text.includes(SECRET)) wrong.push(`${c.name} as ${role}: the listing shows the analysis`);
        }
        if (res.status >= 400 && res.text.includes(SECRET)) wrong.push(`${c.name} as ${role}: a refusal shows the analysis`);
      }
    }
    expect(wrong).toEqual([]);
  }, 900_000);
});
