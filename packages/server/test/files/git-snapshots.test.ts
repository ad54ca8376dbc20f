import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';
import { fileClient, pathOf } from './file-client.js';
import { freePort, serveRepository, type ServedRepository } from './git-daemon.js';

const SECRET = 'webhook-secret-for-tests';

/** The files in a .tar.gz and the text of one of them. */
function readArchive(bytes: Buffer, file: string): { names: string[]; text: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-tar-'));
  try {
    const archive = path.join(dir, 'a.tar.gz');
    fs.writeFileSync(archive, bytes);
    const names = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const text = execFileSync('tar', ['-xzOf', archive, file], { encoding: 'utf8' });
    return { names, text };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDatabases)('git repository snapshots ($dialect)', (database) => {
  let instance: TestInstance;
  let repo: ServedRepository;
  let owner: Client;
  let other: Client;
  let files: ReturnType<typeof fileClient>;
  const commits: Record<string, string> = {};

  beforeAll(async () => {
    repo = await serveRepository('physicist', 'analysis');
    commits.first = repo.commit('main', 'README.md', 'first version\n');
    repo.tag('v1.0', commits.first);
    commits.second = repo.commit('main', 'code/fit.py', 'print("fit")\n');
    commits.feature = repo.commit('feature/x', 'code/feature.py', 'feature\n');
    instance = await startTestInstance(database, { gitHosts: '127.0.0.1', webhookSecret: SECRET, gitTimeout: 20_000 });
    await addTestSchemas(instance.capsule);
    const token = (await instance.capsule.accounts.createToken('git@example.org')).token;
    owner = client(instance.app, token);
    other = client(instance.app, (await instance.capsule.accounts.createToken('not-git@example.org')).token);
    files = fileClient(instance.app, token);
  });
  afterAll(async () => {
    await instance.close();
    await repo.stop();
  });

  const draft = async () => {
    const res = await owner.post('/api/deposits/', { $ana_type: 'open-test' });
    return { id: res.body.id as string, bucket: pathOf(res.body.links.bucket) };
  };
  const keyOf = (ref: string) => `repositories/127.0.0.1:${repo.port}/physicist/analysis/${ref}.tar.gz`;

  it.each([
    ['a branch', '/tree/main', 'main', 'second', 'analysis/code/fit.py'],
    ['a branch with a slash', '/tree/feature/x', 'feature/x', 'feature', 'analysis/code/feature.py'],
    ['a tag', '/releases/tag/v1.0', 'v1.0', 'first', 'analysis/README.md'],
    ['the default branch', '.git', 'main', 'second', 'analysis/code/fit.py'],
  ])('snapshots %s into the bucket as a .tar.gz of that tree', async (_name, suffix, ref, commit, expectedFile) => {
    const { id, bucket } = await draft();
    const res = await owner.post(`/api/deposits/${id}/actions/upload`, { url: `${repo.base}/physicist/analysis${suffix}`, webhook: false, event_type: null });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ key: keyOf(ref), commit: commits[commit], host: `127.0.0.1:${repo.port}`, owner: 'physicist', name: 'analysis', branch: ref });
    const archive = await files.get(`${bucket}/${keyOf(ref)}`);
    expect(archive.status).toBe(200);
    const { names, text } = readArchive(archive.raw, 'analysis/README.md');
    expect(names).toContain(expectedFile);
    expect(text).toBe('first version\n');
  });

  it('snapshots over smart HTTP (git http-backend) too, pinned to the address that was checked', async () => {
    const { id, bucket } = await draft();
    const res = await owner.post(`/api/deposits/${id}/actions/upload`, { url: `${repo.httpBase}/physicist/analysis.git#v1.0` });
    expect(res.status).toBe(201);
    const key = `repositories/127.0.0.1:${repo.httpPort}/physicist/analysis/v1.0.tar.gz`;
    expect(res.body).toMatchObject({ key, commit: commits.first });
    expect(readArchive((await files.get(`${bucket}/${key}`)).raw, 'analysis/README.md').text).toBe('first version\n');
  });

  it('snapshots a commit id, and application/repositories+json lists the snapshot', async () => {
    const { id, bucket } = await draft();
    const res = await owner.post(`/api/deposits/${id}/actions/upload`, { url: `${repo.base}/physicist/analysis/commit/${commits.first}` });
    expect(res.status).toBe(201);
    expect(res.body.key).toBe(keyOf(commits.first!));
    const { names } = readArchive((await files.get(`${bucket}/${keyOf(commits.first!)}`)).raw, 'analysis/README.md');
    expect(names).not.toContain('analysis/code/fit.py');
    const listed = await owner.get(`/api/deposits/${id}`, { accept: 'application/repositories+json' });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      webhooks: [
        {
          id: expect.any(String),
          host: `127.0.0.1:${repo.port}`,
          owner: 'physicist',
          name: 'analysis',
          branch: commits.first,
          event_type: null,
          webhook: false,
          snapshots: [{ payload: expect.objectContaining({ commit: commits.first, key: keyOf(commits.first!) }), created: expect.any(String) }],
        },
      ],
    });
    const item = await owner.get(`/api/deposits/${id}`);
    expect(item.body.files).toEqual([expect.objectContaining({ key: keyOf(commits.first!), tags: { type: 'repository', commit: commits.first } })]);
  });

  it.each([
    ['a missing branch', () => `${repo.base}/physicist/analysis/tree/no-such-branch`, 400, /no branch or tag "no-such-branch"/],
    ['a missing commit', () => `${repo.base}/physicist/analysis/commit/${'0'.repeat(40)}`, 400, /no commit/],
    ['a missing repository', () => `${repo.base}/physicist/nothing-here`, 502, /could not be read/],
    ['a host not on the list', () => `git://localhost:${repo.port}/physicist/analysis`, 400, /not on this server's list/],
    ['a file URL', () => 'file:///etc/passwd', 400, /Only http, https and git URLs/],
    ['an ssh URL', () => 'ssh://git@127.0.0.1/physicist/analysis', 400, /Only http, https and git URLs/],
    ['credentials in the URL', () => `http://user:pw@127.0.0.1:${repo.port}/physicist/analysis`, 400, /credentials/],
    ['a ref that reads as an option', () => `${repo.base}/physicist/analysis#--upload-pack=touch`, 400, /not a branch, tag or commit name/],
  ])('%s is refused with a reason and stores nothing', async (_name, url, status, message) => {
    const { id, bucket } = await draft();
    const res = await owner.post(`/api/deposits/${id}/actions/upload`, { url: url() });
    expect(res.status).toBe(status);
    expect(res.body.message).toMatch(message);
    expect((await owner.get(bucket)).body.contents).toEqual([]);
    expect((await owner.get(`/api/deposits/${id}`, { accept: 'application/repositories+json' })).body).toEqual({ webhooks: [] });
  });

  it('a host that does not answer is 502', async () => {
    const { id } = await draft();
    const res = await owner.post(`/api/deposits/${id}/actions/upload`, { url: `git://127.0.0.1:${await freePort()}/physicist/analysis` });
    expect(res.status).toBe(502);
  });

  it('needs update rights (404 without read) and an open draft (403 once published)', async () => {
    const { id } = await draft();
    const url = `${repo.base}/physicist/analysis/tree/main`;
    expect((await other.post(`/api/deposits/${id}/actions/upload`, { url })).status).toBe(404);
    expect((await owner.post(`/api/deposits/${id}/actions/publish`)).status).toBe(202);
    const locked = await owner.post(`/api/deposits/${id}/actions/upload`, { url });
    expect(locked.status).toBe(403);
    expect(locked.body.message).toMatch(/locked: edit the analysis/);
  });

  describe('limits', () => {
    let limited: TestInstance;
    let limitedOwner: Client;
    beforeAll(async () => {
      commits.big = repo.commit('big', 'data/noise.bin', randomBytes(100_000).toString('base64'));
      limited = await startTestInstance(database, { gitHosts: '127.0.0.1', gitMaxSize: 20_000, gitTimeout: 1_000 });
      await addTestSchemas(limited.capsule);
      limitedOwner = client(limited.app, (await limited.capsule.accounts.createToken('limits@example.org')).token);
    });
    afterAll(() => limited.close());

    const limitedDraft = async () => {
      const res = await limitedOwner.post('/api/deposits/', { $ana_type: 'open-test' });
      return { id: res.body.id as string, bucket: pathOf(res.body.links.bucket) };
    };

    it('a repository or archive over the size limit is 413 and stores nothing', async () => {
      const { id, bucket } = await limitedDraft();
      const res = await limitedOwner.post(`/api/deposits/${id}/actions/upload`, { url: `${repo.base}/physicist/analysis/tree/big` });
      expect(res.status).toBe(413);
      expect((await limitedOwner.get(bucket)).body.contents).toEqual([]);
      expect((await limitedOwner.get(`/api/deposits/${id}`, { accept: 'application/repositories+json' })).body).toEqual({ webhooks: [] });
    });

    it('a host that accepts and never answers is 502 after the time limit', { timeout: 20_000 }, async () => {
      const silent = net.createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const { id } = await limitedDraft();
        const started = Date.now();
        const res = await limitedOwner.post(`/api/deposits/${id}/actions/upload`, { url: `git://127.0.0.1:${(silent.address() as net.AddressInfo).port}/a/b` });
        expect(res.status).toBe(502);
        expect(res.body.message).toMatch(/did not answer in time/);
        expect(Date.now() - started).toBeLessThan(10_000);
      } finally {
        silent.close();
      }
    });
  });

  describe('webhooks', () => {
    const deliver = (event: string, payload: unknown, secret = SECRET) => {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      return instance.app.inject({
        method: 'POST',
        url: '/api/repositories/events',
        headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-hub-signature-256': signature },
        payload: body,
      });
    };
    const repository = () => ({ html_url: `${repo.base}/physicist/analysis` });

    it('a signed push to a followed branch takes a new snapshot; other branches, bad signatures and pings do not', async () => {
      const { id, bucket } = await draft();
      const follow = await owner.post(`/api/deposits/${id}/actions/upload`, { url: `${repo.base}/physicist/analysis/tree/main`, webhook: true, event_type: 'push' });
      expect(follow.status).toBe(201);
      expect(follow.body).toMatchObject({ webhook: true, event_type: 'push', commit: commits.second });

      const third = repo.commit('main', 'code/third.py', 'third\n');
      const forged = await deliver('push', { ref: 'refs/heads/main', repository: repository() }, 'wrong secret');
      expect(forged.statusCode).toBe(401);
      expect((await deliver('ping', { zen: 'hi', repository: repository() })).json()).toEqual({ snapshots: 0, failed: 0 });
      const notAnObject = await deliver('push', null);
      expect(notAnObject.statusCode).toBe(400);
      expect(notAnObject.json().message).toMatch(/not a JSON object/);
      expect((await deliver('push', { ref: 'refs/heads/feature/x', repository: repository() })).json()).toEqual({ snapshots: 0, failed: 0 });

      const pushed = await deliver('push', { ref: 'refs/heads/main', after: third, repository: repository() });
      expect(pushed.statusCode).toBe(202);
      expect(pushed.json()).toEqual({ snapshots: 1, failed: 0 });
      const { names } = readArchive((await files.get(`${bucket}/${keyOf('main')}`)).raw, 'analysis/README.md');
      expect(names).toContain('analysis/code/third.py');
      const listed = await owner.get(`/api/deposits/${id}`, { accept: 'application/repositories+json' });
      expect(listed.body.webhooks).toHaveLength(1);
      expect(listed.body.webhooks[0].snapshots.map((s: { payload: { commit: string } }) => s.payload.commit)).toEqual([commits.second, third]);
      expect((await owner.get(bucket)).body.contents.map((o: { key: string }) => o.key)).toEqual([keyOf('main')]);

      // The archive of `third` is this draft's alone: once the next push replaces it, it is collected at once.
      const fourth = repo.commit('main', 'code/fourth.py', 'fourth\n');
      expect((await deliver('push', { ref: 'refs/heads/main', after: fourth, repository: repository() })).json()).toEqual({ snapshots: 1, failed: 0 });
      expect((await instance.capsule.buckets.check()).unreferencedFiles).toEqual([]);
    });

    it('a signed release takes a snapshot of the released tag for drafts that follow releases', async () => {
      const { id, bucket } = await draft();
      expect((await owner.post(`/api/deposits/${id}/actions/upload`, { url: `${repo.base}/physicist/analysis`, webhook: true, event_type: 'release' })).status).toBe(201);
      repo.tag('v2.0', commits.feature!);
      const released = await deliver('release', { action: 'published', release: { tag_name: 'v2.0' }, repository: repository() });
      expect(released.json()).toEqual({ snapshots: 1, failed: 0 });
      const { names } = readArchive((await files.get(`${bucket}/${keyOf('v2.0')}`)).raw, 'analysis/README.md');
      expect(names).toContain('analysis/code/feature.py');
    });

    it('a webhook needs an event type', async () => {
      const { id } = await draft();
      const res = await owner.post(`/api/deposits/${id}/actions/upload`, { url: `${repo.base}/physicist/analysis`, webhook: true, event_type: null });
      expect(res.status).toBe(400);
    });
  });
});
