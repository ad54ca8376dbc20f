import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByteSpan } from '../../src/files/blob-store.js';
import { LocalDiskStore, blobLocation } from '../../src/files/local-disk-store.js';
import { openFilesUnder } from './open-files.js';

const MIB = 1024 * 1024;

/**
 * What `source` sends when piped (as an HTTP answer is) into a destination that copies each chunk
 * a moment later, as a slow socket does: a buffer refilled too soon shows.
 */
function piped(source: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  const destination = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, taken) {
      setTimeout(() => {
        parts.push(Buffer.from(chunk));
        taken();
      }, 1);
    },
  });
  return new Promise((resolve, reject) => {
    source.once('error', reject);
    destination.once('finish', () => resolve(Buffer.concat(parts)));
    source.pipe(destination);
  });
}

/** What `source` gives when read chunk by chunk (as a file check does). */
async function iterated(source: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Settles once `source` has closed. */
const closed = (source: Readable) => new Promise((resolve) => (source.closed ? resolve(undefined) : source.once('close', resolve)));

describe('reading a stored file', () => {
  const bytes = randomBytes(3 * MIB + 12_345);
  let root: string;
  let store: LocalDiskStore;
  let location: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-reading-'));
    store = new LocalDiskStore(root);
    const staged = await store.stage(Readable.from([bytes]), Number.MAX_SAFE_INTEGER, () => new Error('too large'));
    location = blobLocation(staged.sha256);
    await store.place(staged, location);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const last = 3 * MIB + 12_344;
  const spans: [string, ByteSpan | undefined][] = [
    ['the whole file', undefined],
    ['one byte', { start: 5, end: 5 }],
    ['a span within one read', { start: 100, end: 4_195 }],
    ['a span over several reads, ending mid-read', { start: MIB - 3, end: 3 * MIB + 17 }],
    ['a span ending at the last byte', { start: MIB + 1, end: last }],
  ];

  it.each(spans)('%s, piped or read chunk by chunk, is exactly those bytes, and the file is closed after', async (_, span) => {
    const expected = span ? bytes.subarray(span.start, span.end + 1) : bytes;
    for (const read of [piped, iterated]) {
      const source = store.read(location, span);
      expect((await read(source)).equals(expected), read.name).toBe(true);
      await closed(source);
      expect(openFilesUnder(root)).toBe(0);
    }
  });

  it('a destination that stops taking bytes (a client gone) and is abandoned still lets go of the file', async () => {
    const source = store.read(location);
    const stalled = new Writable({ highWaterMark: 1, write: () => {} });
    source.pipe(stalled);
    await expect.poll(() => openFilesUnder(root), { timeout: 10_000 }).toBe(1);
    source.destroy();
    await closed(source);
    expect(openFilesUnder(root)).toBe(0);
  });

  it('a file that is missing is an error on the stream, not a throw', async () => {
    const source = store.read(blobLocation('0'.repeat(64)));
    await expect(piped(source)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
