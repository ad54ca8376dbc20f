import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { LocalDiskStore } from '../../src/files/local-disk-store.js';
import { client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startListeningInstance, type TestInstance } from '../support/instance.js';

describe.each(testDatabases)('an upload the client abandons on loopback ($dialect)', (database) => {
  let instance: TestInstance;
  let base: string;
  let token: string;
  let temporaries: string;

  beforeAll(async () => {
    ({ instance, base, token } = await startListeningInstance(database, 'abandon@example.org'));
    temporaries = path.join(instance.capsule.config.dataDir, 'files', 'tmp');
  });
  afterAll(() => instance.close());

  it('stores nothing and keeps no temporary', async () => {
    const created = await client(instance.app, token).post('/api/deposits/', { $ana_type: 'open-test' });
    const bucket = new URL(created.body.links.bucket).pathname;
    const request = http.request(`${base}${bucket}/abandoned.bin`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-length': 10 * 1024 * 1024 } });
    request.on('error', () => {}); // the client hangs up on purpose
    request.write(randomBytes(256 * 1024));
    await expect.poll(() => fs.readdirSync(temporaries).length, { timeout: 10_000 }).toBe(1);
    request.destroy();
    await expect.poll(() => fs.readdirSync(temporaries).length, { timeout: 10_000 }).toBe(0);
    const listing = await client(instance.app, token).get(bucket);
    expect(listing.body.contents).toEqual([]);
  });
});

describe('staging from a source that fails', () => {
  let root: string;
  let store: LocalDiskStore;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-stage-'));
    store = new LocalDiskStore(root);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const stage = (source: PassThrough) => store.stage(source, 1024 * 1024, () => new CapsuleError('payload_too_large', 'too large'));
  const interrupted = { code: 'bad_request', message: expect.stringMatching(/interrupted/) };

  it('mid-stream is the client\'s interruption (bad_request), not a server failure, and leaves no temporary', async () => {
    const source = new PassThrough();
    const staging = stage(source);
    source.write(randomBytes(4096));
    // Once the first bytes are in the temporary, the store is reading the source.
    const written = () => fs.readdirSync(path.join(root, 'tmp')).some((t) => fs.statSync(path.join(root, 'tmp', t)).size > 0);
    await expect.poll(written, { timeout: 10_000 }).toBe(true);
    source.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    await expect(staging).rejects.toMatchObject(interrupted);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('already gone before staging begins is the same, rather than a wait for ever', async () => {
    const source = new PassThrough();
    source.write(randomBytes(4096));
    source.destroy();
    await new Promise((r) => setImmediate(r));
    await expect(stage(source)).rejects.toMatchObject(interrupted);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });
});
