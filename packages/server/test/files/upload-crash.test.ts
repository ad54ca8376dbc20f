import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFileCheckClean } from '../../src/files/file-check.js';
import { startChildServer } from '../support/child-server.js';
import { testDatabases } from '../support/databases.js';
import { prepareDatabase } from '../support/instance.js';

const CHUNK = 1024 * 1024;

/** The size of the largest temporary an upload is writing, 0 if none. */
function largestTemporary(dataDir: string): number {
  const dir = path.join(dataDir, 'files', 'tmp');
  if (!fs.existsSync(dir)) return 0;
  return Math.max(0, ...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).size));
}

describe.each(testDatabases)('a server killed with SIGKILL during an upload ($dialect)', (database) => {
  let created: Awaited<ReturnType<typeof prepareDatabase>>;
  let token: string;
  const open = () => created.open();

  beforeAll(async () => {
    created = await prepareDatabase(database, 'crash-files@example.org');
    token = created.token;
  });
  afterAll(() => created.drop());

  it('leaves no visible object and no corrupt file, and fsck is clean after restart', { timeout: 120_000 }, async () => {
    const auth = { authorization: `Bearer ${token}` };
    let server = await startChildServer(created.dataDir, created.url);
    const draft = await fetch(`${server.url}/api/deposits/`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ $ana_type: 'open-test' }),
    });
    expect(draft.status).toBe(201);
    const bucket = new URL(((await draft.json()) as { links: { bucket: string } }).links.bucket).pathname;
    const kept = randomBytes(CHUNK);
    const put = await fetch(`${server.url}${bucket}/kept.bin`, { method: 'PUT', headers: auth, body: kept });
    expect(put.status).toBe(200);

    // An upload that keeps sending, slowly, until the server dies under it.
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 5));
        sent += CHUNK;
        controller.enqueue(randomBytes(CHUNK));
      },
    });
    const interrupted = fetch(`${server.url}${bucket}/partial.bin`, { method: 'PUT', headers: auth, body, duplex: 'half' } as RequestInit).then(
      (res) => res.status,
      () => 'connection lost',
    );
    const deadline = Date.now() + 30_000;
    while (largestTemporary(created.dataDir) < 8 * CHUNK && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(largestTemporary(created.dataDir)).toBeGreaterThanOrEqual(8 * CHUNK);
    await server.stop('SIGKILL');
    expect(await interrupted).toBe('connection lost');
    expect(sent).toBeGreaterThan(8 * CHUNK);

    server = await startChildServer(created.dataDir, created.url);
    try {
      const listing = (await (await fetch(`${server.url}${bucket}`, { headers: auth })).json()) as { contents: { key: string }[] };
      expect(listing.contents.map((o) => o.key)).toEqual(['kept.bin']);
      expect((await fetch(`${server.url}${bucket}/partial.bin`, { headers: auth })).status).toBe(404);
      const back = Buffer.from(await (await fetch(`${server.url}${bucket}/kept.bin`, { headers: auth })).arrayBuffer());
      expect(Buffer.compare(back, kept)).toBe(0);
    } finally {
      await server.stop();
    }

    const capsule = await open();
    try {
      const report = await capsule.buckets.check();
      expect(report.corrupt).toEqual([]);
      expect(report.missing).toEqual([]);
      expect(report.unreferencedBlobs).toEqual([]);
      expect(report.checked.files).toBe(1);
      // The interrupted upload left at most its temporary, which repair removes.
      expect(report.temporaries.length).toBeLessThanOrEqual(1);
      expect(isFileCheckClean(await capsule.buckets.check({ repair: true, graceMs: 0 }))).toBe(true);
      expect(isFileCheckClean(await capsule.buckets.check())).toBe(true);
    } finally {
      await capsule.close();
    }
  });
});
