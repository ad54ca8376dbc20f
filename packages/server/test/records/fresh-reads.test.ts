import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL_SCOPES, type Caller } from '../../src/accounts/account-types.js';
import { openCapsule, type Capsule } from '../../src/capsule.js';
import { resolveConfig } from '../../src/config/config.js';
import { committedDataVersion } from '../../src/db/database.js';
import { recordStore } from '../../src/records/record-store.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';

/**
 * Reads may be answered from a cache; these tests make sure no answer outlives the data it was
 * read from: each change is followed at once by a request that must see it. Most changes are
 * made through a second connection to the same database, as a `capsule` command run beside
 * the server does.
 */
describe.each(testDatabases)('reads see every committed change at once ($dialect)', (database) => {
  let instance: TestInstance;
  let cli: Capsule;
  let owner: Client;
  let other: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await addTestSchemas(instance.capsule);
    const { config } = instance.capsule;
    cli = await openCapsule(resolveConfig({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, logLevel: 'silent', baseUrl: config.baseUrl }, {}), { prepare: false });
    owner = client(instance.app, (await instance.capsule.accounts.createToken('owner@example.org')).token);
    other = client(instance.app, (await instance.capsule.accounts.createToken('other@example.org')).token);
  });
  afterAll(async () => {
    await cli.close();
    await instance.close();
  });

  const asCli = async (email: string): Promise<Caller> => cli.accounts.callerFor((await cli.accounts.userByEmail(email))!, 'cli', ALL_SCOPES);

  /** A draft of the owner's, read twice so that a cache, if any, holds it. */
  async function readDraft(title = 'Cached') {
    const created = await owner.post('/api/deposits/', { $ana_type: 'open-test', title });
    expect(created.status).toBe(201);
    const url = `/api/deposits/${created.body.id}`;
    expect((await owner.get(url)).body.metadata.title).toBe(title);
    expect((await owner.get(url)).body.metadata.title).toBe(title);
    return { id: created.body.id as string, url };
  }

  const share = (url: string, email: string, op: 'add' | 'remove', type: 'user' | 'egroup' = 'user') =>
    owner.post(`${url}/actions/permissions`, [{ email, type, op, action: 'deposit-read' }]);

  it("shows another connection's change to a draft in the next GET, with its new ETag", async () => {
    const { id, url } = await readDraft();
    await cli.deposits.patch(await asCli('owner@example.org'), id, [{ op: 'replace', path: '/title', value: 'Changed by the CLI' }]);
    const res = await owner.get(url);
    expect(res.body.metadata.title).toBe('Changed by the CLI');
    expect(res.headers.etag).toBe('"1"');
  });

  it("shows this server's own change in the next GET", async () => {
    const { url } = await readDraft();
    expect((await owner.patch(url, [{ op: 'replace', path: '/title', value: 'Patched' }])).status).toBe(200);
    expect((await owner.get(url)).body.metadata.title).toBe('Patched');
  });

  it('answers 304 for the current ETag, and 200 with the new one once it changed', async () => {
    const { id, url } = await readDraft();
    for (const tag of ['"0"', 'W/"0"', '"7", "0"']) {
      const res = await owner.get(url, { 'if-none-match': tag });
      expect(res.status).toBe(304);
      expect(res.headers.etag).toBe('"0"');
      expect(res.text).toBe('');
    }
    await cli.deposits.patch(await asCli('owner@example.org'), id, [{ op: 'add', path: '/year', value: 2025 }]);
    const res = await owner.get(url, { 'if-none-match': '"0"' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.metadata.year).toBe(2025);
  });

  it('refuses a token on the request after it was revoked, by another connection or by this server', async () => {
    const { url } = await readDraft();
    for (const accounts of [cli.accounts, instance.capsule.accounts]) {
      const created = await instance.capsule.accounts.createToken('owner@example.org');
      const holder = client(instance.app, created.token);
      expect((await holder.get(url)).status).toBe(200);
      expect((await holder.get(url)).status).toBe(200);
      await accounts.revokeToken(created.user.id, created.id);
      expect((await holder.get(url)).status).toBe(401);
    }
  });

  it('refuses a disabled user on the next request', async () => {
    const carol = client(instance.app, (await instance.capsule.accounts.createToken('carol@example.org')).token);
    const created = await carol.post('/api/deposits/', { $ana_type: 'open-test', title: "Carol's" });
    const url = `/api/deposits/${created.body.id}`;
    expect((await carol.get(url)).status).toBe(200);
    expect((await carol.get(url)).status).toBe(200);
    await cli.accounts.disableUser('carol@example.org');
    expect((await carol.get(url)).status).toBe(401);
  });

  it('refuses a user this server disabled on the next request', async () => {
    const dave = client(instance.app, (await instance.capsule.accounts.createToken('dave@example.org')).token);
    const created = await dave.post('/api/deposits/', { $ana_type: 'open-test', title: "Dave's" });
    const url = `/api/deposits/${created.body.id}`;
    expect((await dave.patch(url, [{ op: 'replace', path: '/title', value: 'Cached caller' }])).status).toBe(200);
    expect((await dave.get(url)).status).toBe(200);
    await instance.capsule.accounts.disableUser('dave@example.org');
    expect((await dave.get(url)).status).toBe(401);
  });

  // On PostgreSQL other servers commit unseen, so every request reads its token.
  it("keeps a token's caller across this server's writes to drafts, which leave accounts alone (SQLite)", async () => {
    const { url } = await readDraft();
    const reads = vi.spyOn(instance.capsule.accounts, 'storedToken');
    try {
      for (let i = 0; i < 3; i++) {
        expect((await owner.patch(url, [{ op: 'replace', path: '/title', value: `Write ${i}` }])).status).toBe(200);
        expect((await owner.get(url)).body.metadata.title).toBe(`Write ${i}`);
      }
      expect(reads).toHaveBeenCalledTimes(database.dialect === 'sqlite' ? 0 : 6);
    } finally {
      reads.mockRestore();
    }
  });

  // New drafts are committed by the writer thread, another connection; what moves the accounts version is counted per change.
  it("keeps a token's caller across new drafts and the stamps of its last use, and stamps once a minute still (SQLite)", async () => {
    const made = await instance.capsule.accounts.createToken('stamper@example.org');
    const stamper = client(instance.app, made.token);
    expect((await stamper.get('/api/me')).status).toBe(200);
    const lastUsed = async () => (await instance.capsule.database.db.selectFrom('tokens').select('last_used').where('id', '=', made.id).executeTakeFirstOrThrow()).last_used;
    const reads = vi.spyOn(instance.capsule.accounts, 'storedToken');
    try {
      for (let i = 0; i < 3; i++) expect((await stamper.post('/api/deposits/', { $ana_type: 'open-test', title: `New ${i}` })).status).toBe(201);
      // Two minutes on: this request stamps the token's last use, and the next one, a second later, does not again.
      const later = Date.now() + 120_000;
      const now = vi.spyOn(Date, 'now').mockReturnValue(later);
      try {
        expect((await stamper.get('/api/me')).status).toBe(200);
        expect(await lastUsed()).toBe(new Date(later).toISOString());
        now.mockReturnValue(later + 1_000);
        expect((await stamper.get('/api/me')).status).toBe(200);
        expect(await lastUsed()).toBe(new Date(later).toISOString());
      } finally {
        now.mockRestore();
      }
      expect(reads).toHaveBeenCalledTimes(database.dialect === 'sqlite' ? 0 : 5);
    } finally {
      reads.mockRestore();
    }
  });

  // Changes no request of this suite makes, made by another connection: each must move the version cached callers are kept by.
  it('moves the accounts version on each change to what a caller is made of, cascades included, and not on a last use', async () => {
    const version = () => instance.capsule.database.accountsVersion();
    if (database.dialect !== 'sqlite') return expect(version()).toBeUndefined();
    const made = await instance.capsule.accounts.createToken('cascade@example.org', { scopes: ['deposit:write'] });
    await instance.capsule.groups.add('cascaders');
    await instance.capsule.groups.addMember('cascaders', made.user);
    const moves = async (statement: ReturnType<typeof sql>) => {
      const before = version();
      await statement.execute(cli.database.db);
      return version() !== before;
    };
    expect(await moves(sql`update tokens set last_used = ${new Date().toISOString()} where id = ${made.id}`)).toBe(false);
    expect(await moves(sql`update tokens set scopes = '' where id = ${made.id}`)).toBe(true);
    expect(await moves(sql`update tokens set hash = 'other' where id = ${made.id}`)).toBe(true);
    expect(await moves(sql`delete from groups where name = 'cascaders'`)).toBe(true);
    expect(await moves(sql`delete from users where id = ${made.user.id}`)).toBe(true);
    expect(await cli.database.db.selectFrom('tokens').select('id').where('id', '=', made.id).execute()).toEqual([]);
    // Without its row (a migration stopped half-way), no version is told, so nothing is cached.
    await sql`delete from accounts_version`.execute(cli.database.db);
    try {
      expect(version()).toBeUndefined();
    } finally {
      await sql`insert into accounts_version (id, version) values (1, 0)`.execute(cli.database.db);
    }
    expect(version()).toBe('0');
  });

  // A new draft names its creator from the caller the token stands for, not from a read of the users.
  it("names a new draft's creator as another connection last changed them", async () => {
    const erin = client(instance.app, (await instance.capsule.accounts.createToken('erin@example.org')).token);
    const create = () => erin.post('/api/deposits/', { $ana_type: 'open-test', title: "Erin's" });
    expect((await create()).body.access['deposit-admin'].users).toEqual([{ email: 'erin@example.org', profile: {} }]);
    const profile = { display_name: 'Erin' };
    await cli.database.db.updateTable('users').set({ profile: JSON.stringify(profile) }).where('email', '=', 'erin@example.org').execute();
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.body.access['deposit-admin'].users).toEqual([{ email: 'erin@example.org', profile }]);
  });

  it('hides a draft from a collaborator on the request after their permission was removed', async () => {
    const { id, url } = await readDraft();
    expect((await share(url, 'other@example.org', 'add')).status).toBe(201);
    expect((await other.get(url)).status).toBe(200);
    expect((await other.get(url)).status).toBe(200);
    await cli.deposits.changePermissions(await asCli('owner@example.org'), id, [{ email: 'other@example.org', type: 'user', op: 'remove', action: 'deposit-read' }]);
    expect((await other.get(url)).status).toBe(404);
  });

  it('hides a draft shared with a group from someone who left the group', async () => {
    const { url } = await readDraft();
    await instance.capsule.groups.add('readers');
    const member = client(instance.app, (await instance.capsule.accounts.createToken('member@example.org')).token);
    await instance.capsule.groups.addMember('readers', (await instance.capsule.accounts.userByEmail('member@example.org'))!);
    expect((await share(url, 'readers', 'add', 'egroup')).status).toBe(201);
    expect((await member.get(url)).status).toBe(200);
    expect((await member.get(url)).status).toBe(200);
    await cli.groups.removeMember('readers', (await cli.accounts.userByEmail('member@example.org'))!);
    expect((await member.get(url)).status).toBe(404);
    // The same, when this server removes the membership.
    await instance.capsule.groups.addMember('readers', (await instance.capsule.accounts.userByEmail('member@example.org'))!);
    expect((await member.get(url)).status).toBe(200);
    expect((await member.get(url)).status).toBe(200);
    await instance.capsule.groups.removeMember('readers', (await instance.capsule.accounts.userByEmail('member@example.org'))!);
    expect((await member.get(url)).status).toBe(404);
  });

  it('answers each caller and each format with its own item', async () => {
    const { url } = await readDraft();
    expect((await share(url, 'other@example.org', 'add')).status).toBe(201);
    expect((await owner.get(url)).body.is_owner).toBe(true);
    expect((await other.get(url)).body.is_owner).toBe(false);
    expect((await owner.get(url)).body.is_owner).toBe(true);
    const basic = await owner.get(url, { accept: 'application/basic+json' });
    expect(basic.headers['content-type']).toBe('application/basic+json; charset=utf-8');
    expect(Object.keys(basic.body).sort()).toEqual(['created', 'metadata', 'pid', 'recid', 'updated']);
    expect((await owner.get(url)).headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it("shows a record's new version, published by another connection, in the next GET", async () => {
    const { id, url } = await readDraft();
    const published = await owner.post(`${url}/actions/publish`);
    expect(published.status).toBe(202);
    const recordUrl = `/api/records/${published.body.recid}`;
    expect((await owner.get(recordUrl)).body.version).toBe(1);
    expect((await owner.get(recordUrl)).body.version).toBe(1);
    const caller = await asCli('owner@example.org');
    await cli.deposits.edit(caller, id);
    await cli.deposits.patch(caller, id, [{ op: 'replace', path: '/title', value: 'Second version' }]);
    await cli.deposits.publish(caller, id);
    const latest = await owner.get(recordUrl);
    expect(latest.body.version).toBe(2);
    expect(latest.body.metadata.title).toBe('Second version');
    expect((await owner.get(`${recordUrl}/versions/1`)).body.metadata.title).toBe('Cached');
  });

  it("counts another connection's new draft and changed title in the next search's total and facets", async () => {
    const search = async () => {
      const res = await owner.get('/api/deposits/?q=quokka&collection=open-test');
      expect(res.status, res.text).toBe(200);
      const { total } = res.body.hits as { total: number };
      const buckets = (res.body.aggregations.collection as { buckets: { key: string; doc_count: number }[] }).buckets;
      return { total, buckets };
    };
    const counted = (n: number) => ({ total: n, buckets: [{ key: 'open-test', doc_count: n }] });
    await readDraft('Quokka one');
    // Twice: the second may be answered from what the first counted.
    expect(await search()).toEqual(counted(1));
    expect(await search()).toEqual(counted(1));
    const caller = await asCli('owner@example.org');
    const second = await cli.deposits.create(caller, { $ana_type: 'open-test', title: 'Quokka two' });
    expect(await search()).toEqual(counted(2));
    await cli.deposits.patch(caller, second.head.uuid, [{ op: 'replace', path: '/title', value: 'Wombat two' }]);
    expect(await search()).toEqual(counted(1));
  });

  // On PostgreSQL, other databases of the same server move it too (their commits take transaction ids): only a move is certain.
  it('moves the committed data version on a commit of another connection', async () => {
    const before = await committedDataVersion(instance.capsule.database);
    expect(before).toBeDefined();
    await cli.deposits.create(await asCli('owner@example.org'), { $ana_type: 'open-test', title: 'Moves the version' });
    expect(await committedDataVersion(instance.capsule.database)).not.toBe(before);
  });

  it('never shows what a write that was rolled back had written', async () => {
    const { id, url } = await readDraft('Committed');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const failing = instance.capsule.database.write(async (trx) => {
      await trx.updateTable('records').set({ json: JSON.stringify({ title: 'Never committed' }) }).where('uuid', '=', id).execute();
      await held;
      throw new Error('rolled back');
    });
    // Issued while the transaction is open; answered with committed data only.
    const during = owner.get(url);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(failing).rejects.toThrow('rolled back');
    expect((await during).body.metadata.title).toBe('Committed');
    expect((await owner.get(url)).body.metadata.title).toBe('Committed');
  });

  // The cli above runs in this process and shares what it keeps in memory; a row rewritten under
  // this server stands for another process's write.
  it("reads a head's metadata as committed, not as this process last wrote or read it", async () => {
    const { id, url } = await readDraft('Committed');
    const { db, write } = instance.capsule.database;
    const head = (await recordStore.head(db, id))!;
    const failing = write(async (trx) => {
      await recordStore.updateHead(trx, { ...head, metadata: { ...head.metadata, title: 'Never committed' } });
      throw new Error('rolled back');
    });
    await expect(failing).rejects.toThrow('rolled back');
    expect((await owner.get(url)).body.metadata.title).toBe('Committed');
    await db.updateTable('records').set({ json: JSON.stringify({ ...head.metadata, title: 'Rewritten elsewhere' }) }).where('uuid', '=', id).execute();
    expect((await owner.get(url)).body.metadata.title).toBe('Rewritten elsewhere');
  });
});
