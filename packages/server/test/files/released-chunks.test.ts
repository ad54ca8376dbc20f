import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { HashingFileSink } from '../../src/files/hashing-file-sink.js';
import { LocalDiskStore } from '../../src/files/local-disk-store.js';
import { releaseChunk } from '../../src/files/released-chunks.js';
import { SEGMENT_BYTES } from '../../src/files/upload-rings.js';

const digest = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');
/** A chunk with memory of its own, as the HTTP parser hands a request body's. */
const ownChunk = (bytes: Buffer) => Buffer.from(Uint8Array.prototype.slice.call(bytes).buffer);

describe('released chunks', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-released-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Writes `chunks` through a sink to a new file; answers the sink and what the file holds. */
  async function sinkThrough(chunks: Buffer[], releaseChunks: boolean) {
    const file = path.join(root, `${releaseChunks}-${Math.random()}`);
    const handle = await fsp.open(file, 'wx');
    const sink = new HashingFileSink(handle, Number.MAX_SAFE_INTEGER, () => new Error('too large'), { releaseChunks });
    try {
      await pipeline(Readable.from(chunks), sink);
    } finally {
      await handle.close();
    }
    return { sink, written: fs.readFileSync(file) };
  }

  it('frees a chunk that is the whole of its memory, and leaves a slice or shared memory as it was', () => {
    const own = ownChunk(randomBytes(64 * 1024));
    releaseChunk(own);
    expect(own.length).toBe(0);

    // Freed at once, not merely detached: no garbage collection runs between the two readings.
    const large = Buffer.allocUnsafeSlow(16 * 1024 * 1024);
    const size = large.length;
    const before = process.memoryUsage().arrayBuffers;
    releaseChunk(large);
    expect(before - process.memoryUsage().arrayBuffers).toBeGreaterThanOrEqual(size);

    const larger = randomBytes(64 * 1024);
    const copy = Buffer.from(larger);
    const slice = larger.subarray(1024);
    releaseChunk(slice);
    expect(slice.length).toBe(63 * 1024);
    expect(larger.equals(copy)).toBe(true);

    const shared = Buffer.from(new SharedArrayBuffer(1024)).fill(7);
    releaseChunk(shared);
    expect(shared.length).toBe(1024);
    expect(shared.every((b) => b === 7)).toBe(true);
  });

  it('a sink told the chunks are its own frees each once copied, and writes and hashes every byte', async () => {
    const bytes = randomBytes(3 * SEGMENT_BYTES + 12_345);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 64 * 1024) chunks.push(ownChunk(bytes.subarray(at, at + 64 * 1024)));
    const { sink, written } = await sinkThrough(chunks, true);
    expect(written.equals(bytes)).toBe(true);
    expect(sink.digests).toEqual({ md5: digest('md5', bytes), sha256: digest('sha256', bytes) });
    expect(chunks.every((c) => c.length === 0)).toBe(true);
  });

  it('a sink not told so leaves the buffers it is given alone: one buffer written again and again stays whole', async () => {
    const chunk = ownChunk(randomBytes(64 * 1024));
    const { sink, written } = await sinkThrough([chunk, chunk, chunk], false);
    const bytes = Buffer.concat([chunk, chunk, chunk]);
    expect(chunk.length).toBe(64 * 1024);
    expect(written.equals(bytes)).toBe(true);
    expect(sink.digests).toEqual({ md5: digest('md5', bytes), sha256: digest('sha256', bytes) });
  });

  it('staging a request body frees its chunks once in the ring, and stores every byte', async () => {
    const store = new LocalDiskStore(path.join(root, 'store'));
    const bytes = randomBytes(2 * SEGMENT_BYTES + 777);
    const seen: Buffer[] = [];
    const server = http.createServer((request, response) => {
      // Registered before staging's own reader, so it sees each chunk before the sink takes it;
      // paused until staging reads.
      request.on('data', (chunk: Buffer) => seen.push(chunk)).pause();
      store.stage(request, Number.MAX_SAFE_INTEGER, () => new Error('too large'), { releaseChunks: true }).then(
        (staged) => response.end(JSON.stringify(staged)),
        (e: Error) => response.writeHead(500).end(e.message),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await fetch(`http://127.0.0.1:${port}/`, { method: 'PUT', body: bytes });
      expect(await answer.json()).toEqual({ size: bytes.length, md5: digest('md5', bytes), sha256: digest('sha256', bytes) });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((c) => c.length === 0)).toBe(true);
    } finally {
      server.close();
    }
  });
});
