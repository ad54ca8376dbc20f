import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startListeningInstance, type TestInstance } from '../support/instance.js';
import { openFilesUnder } from './open-files.js';

const CHUNK = 1024 * 1024;
const CHUNKS = 200;

/** 200 MiB made on the fly: one random MiB, each copy stamped with its index so no two MiB are alike. */
function* content(): Generator<Buffer> {
  const base = randomBytes(CHUNK);
  for (let i = 0; i < CHUNKS; i++) {
    const chunk = Buffer.from(base);
    chunk.writeUInt32BE(i, 0);
    chunk.writeUInt32BE(i, CHUNK / 2);
    yield chunk;
  }
}

describe.each(testDatabases)('a 200 MB file streamed through the API on loopback ($dialect)', (database) => {
  let instance: TestInstance;
  let base: string;
  let token: string;

  beforeAll(async () => {
    ({ instance, base, token } = await startListeningInstance(database, 'large@example.org'));
  });
  afterAll(() => instance.close());

  it('uploads, checksums and downloads it byte for byte, whole and by range', { timeout: 120_000 }, async () => {
    const created = await client(instance.app, token).post('/api/deposits/', { $ana_type: 'open-test' });
    const url = `${base}${new URL(created.body.links.bucket).pathname}/outputs/histograms.root`;
    const auth = { authorization: `Bearer ${token}` };
    const expected = createHash('md5');
    const put = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(url, { method: 'PUT', headers: { ...auth, 'content-length': CHUNK * CHUNKS } });
      request.once('error', reject);
      request.once('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.once('end', () => resolve({ status: res.statusCode!, body }));
      });
      const chunks = content();
      const pump = () => {
        for (let next = chunks.next(); !next.done; next = chunks.next()) {
          expected.update(next.value);
          if (!request.write(next.value)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
    expect(put.status).toBe(200);
    const md5 = expected.digest('hex');
    expect(JSON.parse(put.body)).toMatchObject({ size: CHUNK * CHUNKS, checksum: `md5:${md5}` });

    const got = await fetch(url, { headers: auth });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(CHUNK * CHUNKS));
    const actual = createHash('md5');
    let size = 0;
    for await (const piece of got.body as unknown as AsyncIterable<Uint8Array>) {
      actual.update(piece);
      size += piece.length;
    }
    expect(size).toBe(CHUNK * CHUNKS);
    expect(actual.digest('hex')).toBe(md5);

    // The last 16 bytes of MiB 150 and the first 16 of MiB 151, across the boundary.
    const start = 151 * CHUNK - 16;
    const ranged = await fetch(url, { headers: { ...auth, range: `bytes=${start}-${start + 31}` } });
    expect(ranged.status).toBe(206);
    const bytes = Buffer.from(await ranged.arrayBuffer());
    expect(bytes.length).toBe(32);
    expect(bytes.readUInt32BE(16)).toBe(151);

    // A download the client abandons after its first bytes lets go of the file.
    const filesDir = path.join(instance.capsule.config.dataDir, 'files');
    await new Promise<void>((resolve, reject) => {
      http.get(url, { headers: auth }, (res) => res.once('data', () => (res.destroy(), resolve()))).once('error', reject);
    });
    await expect.poll(() => openFilesUnder(filesDir), { timeout: 10_000 }).toBe(0);
  });
});
