import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { fetchTree } from '../../src/files/git-fetch.js';
import { LocalDiskStore } from '../../src/files/local-disk-store.js';
import { parseRepositoryUrl } from '../../src/files/repository-url.js';
import { serveRepository, type ServedRepository } from './git-daemon.js';

describe('a fetched tree', () => {
  let repo: ServedRepository;
  let dir: string;

  beforeAll(async () => {
    repo = await serveRepository('physicist', 'noise');
    // Far more than the pipes and stream buffers between git and the store hold, so git cannot finish unread.
    repo.commit('main', 'noise.bin', randomBytes(3_000_000).toString('base64'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-git-fetch-'));
  });
  afterAll(async () => {
    await repo.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends an archive that stopped being read once it is disposed', { timeout: 20_000 }, async () => {
    const tree = await fetchTree(parseRepositoryUrl(`${repo.base}/physicist/noise`), '127.0.0.1', { workDir: path.join(dir, 'work'), timeoutMs: 10_000, maxBytes: 10_000_000 });
    const archive = tree.archive();
    const store = new LocalDiskStore(path.join(dir, 'store'));
    // The store stops reading after 1,000 bytes, leaving git with most of the archive unwritten.
    await expect(store.stage(archive.stream, 1_000, () => new CapsuleError('payload_too_large', 'too large'))).rejects.toThrow('too large');
    await tree.dispose();
    const settled = await Promise.race([
      archive.done.then(() => 'finished', () => 'ended'),
      new Promise((resolve) => setTimeout(() => resolve('still running'), 5_000)),
    ]);
    expect(settled).toBe('ended');
  });
});
