import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Accounts } from '../../src/accounts/accounts.js';
import { FIRST_ADMIN_EMAIL, FIRST_ADMIN_FILE } from '../../src/accounts/first-admin.js';
import { hashToken } from '../../src/accounts/token-hash.js';
import { resolveConfig } from '../../src/config/config.js';
import { startServer } from '../../src/server.js';
import { client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';

const PASSWORD = 'correct horse battery';

function cookieOf(setCookie: unknown): { value: string; attributes: string } {
  const line = (Array.isArray(setCookie) ? setCookie : [setCookie]).find((c) => String(c).startsWith('capsule_session='));
  if (!line) throw new Error('no session cookie set');
  const [pair, ...attributes] = String(line).split(';');
  return { value: pair!.slice('capsule_session='.length), attributes: attributes.join(';') };
}

describe.each(testDatabases)('sessions, CSRF, sign-in limits and tokens over HTTP ($dialect)', (database) => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await addTestSchemas(instance.capsule);
    await instance.capsule.accounts.addUser('alice@example.org', { password: PASSWORD });
    await instance.capsule.accounts.addUser('bob@example.org', { password: PASSWORD });
  });
  afterAll(() => instance.close());

  const login = async (email = 'alice@example.org', password = PASSWORD, headers: Record<string, string> = {}) =>
    instance.app.inject({ method: 'POST', url: '/api/login', payload: { email, password }, headers: { 'content-type': 'application/json', ...headers } });

  /** A browser: a session cookie, and the CSRF token it was given. */
  async function browser(email = 'alice@example.org') {
    const res = await login(email);
    expect(res.statusCode).toBe(200);
    const cookie = cookieOf(res.headers['set-cookie']).value;
    const csrf = res.json().csrf_token as string;
    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      instance.app.inject({
        method,
        url,
        headers: { cookie: `capsule_session=${cookie}`, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
      });
    return { cookie, csrf, call };
  }

  it('signs in with email and password: an HttpOnly, SameSite=Lax session cookie and a CSRF token', async () => {
    const res = await login();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: 'alice@example.org', csrf_token: expect.any(String) });
    const cookie = cookieOf(res.headers['set-cookie']);
    expect(cookie.value).toMatch(/^[\w-]{40,}$/);
    expect(cookie.attributes).toMatch(/HttpOnly/);
    expect(cookie.attributes).toMatch(/SameSite=Lax/);
    expect(cookie.attributes).toMatch(/Path=\//);
    expect(cookie.attributes).not.toMatch(/Secure/);
  });

  it('refuses a wrong password or unknown account alike (401), and a malformed body (400)', async () => {
    const wrong = await login('bob@example.org', 'not the password');
    const unknown = await login('nobody@example.org', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe(unknown.json().message);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const missing = await instance.app.inject({ method: 'POST', url: '/api/login', payload: { email: 'bob@example.org' }, headers: { 'content-type': 'application/json' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ field: ['password'], message: 'required' }]);
    for (const payload of ['null', '[]', '"alice"']) {
      const res = await instance.app.inject({ method: 'POST', url: '/api/login', payload, headers: { 'content-type': 'application/json' } });
      expect([payload, res.statusCode, res.json().message]).toEqual([payload, 400, 'The body must be a JSON object.']);
    }
  });

  it('gives a new session id at every sign-in, and the planted one stops working (fixation)', async () => {
    const first = await browser();
    const again = await login('alice@example.org', PASSWORD, { cookie: `capsule_session=${first.cookie}` });
    const second = cookieOf(again.headers['set-cookie']).value;
    expect(second).not.toBe(first.cookie);
    expect((await first.call('GET', '/api/me')).statusCode).toBe(401);
    const me = await instance.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `capsule_session=${second}` } });
    expect(me.json()).toMatchObject({ email: 'alice@example.org', csrf_token: again.json().csrf_token });
  });

  it('needs the CSRF token for writes with a cookie (missing or wrong: 403, nothing written), not with a token', async () => {
    const b = await browser();
    const draft = { $ana_type: 'lifecycle-test', title: 'By cookie' };
    const missing = await b.call('POST', '/api/deposits/', draft);
    expect(missing.statusCode).toBe(403);
    expect(missing.json().message).toMatch(/x-csrf-token/);
    expect((await b.call('POST', '/api/deposits/', draft, { 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    expect((await b.call('GET', '/api/deposits/')).json().hits.total).toBe(0);
    expect((await b.call('POST', '/api/deposits/', draft, { 'x-csrf-token': b.csrf })).statusCode).toBe(201);
    const token = (await instance.capsule.accounts.createToken('alice@example.org')).token;
    expect((await client(instance.app, token).post('/api/deposits/', draft)).status).toBe(201);
  });

  it('logout ends the session on the server', async () => {
    const b = await browser();
    expect((await b.call('POST', '/api/logout')).statusCode).toBe(403);
    const out = await b.call('POST', '/api/logout', undefined, { 'x-csrf-token': b.csrf });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/capsule_session=;/);
    expect((await b.call('GET', '/api/me')).statusCode).toBe(401);
  });

  it('ends sessions after the idle time and the absolute lifetime', async () => {
    const db = instance.capsule.database.db;
    const idle = await browser();
    await db.updateTable('sessions').set({ last_seen: new Date(Date.now() - 3 * 3_600_000).toISOString() }).execute();
    expect((await idle.call('GET', '/api/me')).statusCode).toBe(401);
    const old = await browser();
    await db.updateTable('sessions').set({ expires: new Date(Date.now() - 1000).toISOString() }).execute();
    expect((await old.call('GET', '/api/me')).statusCode).toBe(401);
    // Presented after their end, they are deleted.
    const left = await db.selectFrom('sessions').select('id_hash').where('id_hash', 'in', [hashToken(idle.cookie), hashToken(old.cookie)]).execute();
    expect(left).toEqual([]);
  });

  it('disabling a user ends their sessions and stops their tokens', async () => {
    await instance.capsule.accounts.addUser('carol@example.org', { password: PASSWORD });
    const b = await browser('carol@example.org');
    const token = (await instance.capsule.accounts.createToken('carol@example.org')).token;
    await instance.capsule.accounts.disableUser('carol@example.org');
    expect((await b.call('GET', '/api/me')).statusCode).toBe(401);
    expect((await client(instance.app, token).get('/api/me')).status).toBe(401);
    expect((await login('carol@example.org')).statusCode).toBe(401);
  });

  it('rate-limits sign-in: 429 after 5 failures for an account, 20 from an address', async () => {
    await instance.capsule.accounts.addUser('dave@example.org', { password: PASSWORD });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 5; i++) expect((await login('dave@example.org', 'guess', from('10.0.0.1'))).statusCode).toBe(401);
    const locked = await login('dave@example.org', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toEqual({ status: 429, message: 'Too many failed sign-ins; try again later.', errors: [] });
    // Without trusting a proxy, every inject comes from the same address: 20 failures lock it for every account.
    for (let i = 0; i < 14; i++) await login(`spray${i}@example.org`, 'guess');
    expect((await login('bob@example.org', PASSWORD)).statusCode).toBe(429);
    await instance.capsule.database.db.deleteFrom('login_failures').execute();
    expect((await login('bob@example.org', PASSWORD)).statusCode).toBe(200);
  });

  it('counts failures against the account however its email is written (case, spaces)', async () => {
    await instance.capsule.accounts.addUser('frank@example.org', { password: PASSWORD });
    const spellings = ['frank@example.org', ' frank@example.org', 'FRANK@example.org', 'frank@example.org ', ' Frank@Example.org '];
    for (const [i, email] of spellings.entries()) expect((await login(email, 'guess', { 'x-forwarded-for': `10.0.1.${i}` })).statusCode).toBe(401);
    expect((await login('  frank@EXAMPLE.org', PASSWORD)).statusCode).toBe(429);
    await instance.capsule.database.db.deleteFrom('login_failures').execute();
  });

  it('creates tokens from a session (shown once), lists them without secrets, revokes them', async () => {
    const b = await browser('bob@example.org');
    const made = await b.call('POST', '/api/tokens', { name: 'laptop', scopes: ['deposit:write'], expires_in_days: 30 }, { 'x-csrf-token': b.csrf });
    expect(made.statusCode).toBe(201);
    const { id, token } = made.json() as { id: number; token: string };
    expect(token).toMatch(/^cap_/);
    const listed = await b.call('GET', '/api/tokens');
    expect(listed.json().tokens[0]).toMatchObject({ id, name: 'laptop', scopes: ['deposit:write'], revoked: null });
    expect(listed.body).not.toContain(token);
    const api = client(instance.app, token);
    expect((await api.get('/api/me')).body).toMatchObject({ email: 'bob@example.org', scopes: ['deposit:write'] });
    expect((await api.post('/api/tokens', { name: 'from a token' })).status).toBe(403);
    expect((await b.call('POST', '/api/tokens', { scopes: ['everything'] }, { 'x-csrf-token': b.csrf })).statusCode).toBe(400);
    expect((await b.call('POST', '/api/tokens', { expires_in_days: 'soon' }, { 'x-csrf-token': b.csrf })).statusCode).toBe(400);
    expect((await b.call('POST', '/api/tokens', null, { 'x-csrf-token': b.csrf })).statusCode).toBe(400);
    expect((await b.call('DELETE', `/api/tokens/${id}`, undefined, { 'x-csrf-token': b.csrf })).statusCode).toBe(204);
    expect((await api.get('/api/me')).status).toBe(401);
    expect((await b.call('DELETE', `/api/tokens/${id}`, undefined, { 'x-csrf-token': b.csrf })).statusCode).toBe(404);
    const alices = await instance.capsule.accounts.createToken('alice@example.org');
    expect((await b.call('DELETE', `/api/tokens/${alices.id}`, undefined, { 'x-csrf-token': b.csrf })).statusCode).toBe(404);
  });

  it('refuses a 21st token within the hour (429), creating nothing', async () => {
    await instance.capsule.accounts.addUser('erin@example.org', { password: PASSWORD });
    const b = await browser('erin@example.org');
    for (let i = 0; i < 20; i++) expect((await b.call('POST', '/api/tokens', { name: `t${i}` }, { 'x-csrf-token': b.csrf })).statusCode).toBe(201);
    const refused = await b.call('POST', '/api/tokens', { name: 'one more' }, { 'x-csrf-token': b.csrf });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toBe('Too many tokens created in the last hour; try again later.');
    expect((await b.call('GET', '/api/tokens')).json().tokens).toHaveLength(20);
  });

  it('counts the hourly token limit against requests made at once: a burst gets 20 tokens, not one each', async () => {
    await instance.capsule.accounts.addUser('burst-owner@example.org', { password: PASSWORD });
    const b = await browser('burst-owner@example.org');
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => b.call('POST', '/api/tokens', { name: `t${i}` }, { 'x-csrf-token': b.csrf })));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(20);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(10);
    expect((await b.call('GET', '/api/tokens')).json().tokens).toHaveLength(20);
  });

  // On PostgreSQL other servers commit unseen: there is no accounts version, and every request asks.
  it('asks for the accounts version once while nothing is committed, not on every token request', async () => {
    const api = client(instance.app, (await instance.capsule.accounts.createToken('bob@example.org')).token);
    expect((await api.get('/api/me')).status).toBe(200);
    const observed = vi.spyOn(instance.capsule.database, 'accountsVersion');
    try {
      for (let i = 0; i < 3; i++) expect((await api.get('/api/me')).status).toBe(200);
      expect(observed).toHaveBeenCalledTimes(database.dialect === 'sqlite' ? 1 : 3);
    } finally {
      observed.mockRestore();
    }
  });

  it('refuses a token from the millisecond it expires, and stamps its last use at most once a minute', async () => {
    const made = await instance.capsule.accounts.createToken('bob@example.org', { expiresInDays: 1 });
    const api = client(instance.app, made.token);
    const expiresAt = Date.parse(made.expires!);
    const lastUsed = async () =>
      (await instance.capsule.database.db.selectFrom('tokens').select('last_used').where('id', '=', made.id).executeTakeFirstOrThrow()).last_used;
    const now = vi.spyOn(Date, 'now');
    try {
      const first = expiresAt - 5 * 60_000;
      const answerAt = async (ms: number) => {
        now.mockReturnValue(ms);
        return (await api.get('/api/me')).status;
      };
      expect(await answerAt(first)).toBe(200);
      expect(await lastUsed()).toBe(new Date(first).toISOString());
      expect(await answerAt(first + 60_000)).toBe(200);
      expect(await lastUsed()).toBe(new Date(first).toISOString());
      expect(await answerAt(first + 60_001)).toBe(200);
      expect(await lastUsed()).toBe(new Date(first + 60_001).toISOString());
      expect(await answerAt(expiresAt - 1)).toBe(200);
      expect(await answerAt(expiresAt)).toBe(401);
    } finally {
      now.mockRestore();
    }
  });

  it('stamps a token shared by concurrent requests once', async () => {
    const made = await instance.capsule.accounts.createToken('bob@example.org');
    let writes = 0;
    const { database: stored } = instance.capsule;
    const accounts = new Accounts({ ...stored, write: (work) => (writes++, stored.write(work)) });
    const shared = await accounts.storedToken(hashToken(made.token));
    await Promise.all(Array.from({ length: 5 }, () => accounts.admitToken(shared)));
    expect(writes).toBe(1);
  });

  it('refuses a token whose stored expiry is not a time', async () => {
    const made = await instance.capsule.accounts.createToken('bob@example.org', { expiresInDays: 1 });
    await instance.capsule.database.db.updateTable('tokens').set({ expires: 'next spring' }).where('id', '=', made.id).execute();
    expect((await client(instance.app, made.token).get('/api/me')).status).toBe(401);
  });
});

describe.each(testDatabases)('groups and collection-wide grants ($dialect)', (database) => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    const { capsule } = instance;
    await addTestSchemas(capsule);
    await capsule.groups.add('cms-members');
    for (const email of ['member@example.org', 'outsider@example.org']) await capsule.accounts.ensureUser(email);
    await capsule.groups.addMember('cms-members', (await capsule.accounts.userByEmail('member@example.org'))!);
    await capsule.collectionGrants.add({ schemaName: 'lifecycle-test', action: 'deposit-create', subjectType: 'group', subject: 'cms-members' });
  });
  afterAll(() => instance.close());

  it('lets only the granted group create drafts of a restricted schema, and says so in /api/me', async () => {
    const member = client(instance.app, (await instance.capsule.accounts.createToken('member@example.org')).token);
    const outsider = client(instance.app, (await instance.capsule.accounts.createToken('outsider@example.org')).token);
    expect((await member.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: 'x' })).status).toBe(201);
    const refused = await outsider.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('You may not create Lifecycle test drafts.');
    const groupsOf = async (c: typeof member) => ((await c.get('/api/me')).body.deposit_groups as { deposit_group: string }[]).map((g) => g.deposit_group);
    expect(await groupsOf(member)).toContain('lifecycle-test');
    expect(await groupsOf(outsider)).not.toContain('lifecycle-test');
    expect(await groupsOf(outsider)).toContain('cms-analysis');
    expect((await member.get('/api/me')).body.roles).toEqual(['cms-members']);
  });

  it('keeps memberships in step with a provider claim without touching local ones', async () => {
    const { groups, accounts } = instance.capsule;
    const user = await accounts.ensureUser('sso@example.org');
    await groups.addMember('cms-members', user);
    await groups.syncFromProvider(user, 'cern', ['atlas-readers', 'lhcb-readers']);
    const before = await accounts.callerFor(user, 'session', new Set());
    expect(before.kind === 'user' && [...before.groups].sort()).toEqual(['atlas-readers', 'cms-members', 'lhcb-readers']);
    await groups.syncFromProvider(user, 'cern', ['atlas-readers']);
    const caller = await accounts.callerFor(user, 'session', new Set());
    expect(caller.kind === 'user' && [...caller.groups].sort()).toEqual(['atlas-readers', 'cms-members']);
  });
});

describe('Secure session cookies', () => {
  it('are Secure when a trusted proxy says the browser came over https, or when the base URL is https', async () => {
    const [database] = testDatabases;
    for (const [config, headers] of [
      [{ trustProxy: 'true' }, { 'x-forwarded-proto': 'https' }],
      [{ baseUrl: 'https://capsule.example.org' }, {}],
    ] as const) {
      const instance = await startTestInstance(database!, config);
      try {
        await instance.capsule.accounts.addUser('erin@example.org', { password: PASSWORD });
        const res = await instance.app.inject({ method: 'POST', url: '/api/login', payload: { email: 'erin@example.org', password: PASSWORD }, headers });
        expect(cookieOf(res.headers['set-cookie']).attributes).toMatch(/Secure/);
      } finally {
        await instance.close();
      }
    }
  });
});

describe('the first start', () => {
  it('creates an administrator whose password is in a file only the owner may read, once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-first-'));
    try {
      const server = await startServer(resolveConfig({ dataDir, port: 0, logLevel: 'silent' }, {}));
      const file = path.join(dataDir, FIRST_ADMIN_FILE);
      const password = /password: (\S+)/.exec(fs.readFileSync(file, 'utf8'))![1]!;
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const res = await fetch(`${server.address}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: FIRST_ADMIN_EMAIL, password }) });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const me = (await (await fetch(`${server.address}/api/me`, { headers: { cookie } })).json()) as { is_admin: boolean };
      expect(me.is_admin).toBe(true);
      await server.close();
      fs.rmSync(file);
      const again = await startServer(resolveConfig({ dataDir, port: 0, logLevel: 'silent' }, {}));
      expect(fs.existsSync(file)).toBe(false);
      await again.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
