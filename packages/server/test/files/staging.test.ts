import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { LocalDiskStore, blobLocation } from '../../src/files/local-disk-store.js';
import { HashingFileSink } from '../../src/files/hashing-file-sink.js';
import { RING_SEGMENTS, SEGMENT_BYTES, returnRing, takeRing } from '../../src/files/upload-rings.js';

const digest = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

/** `bytes` in pieces of uneven sizes, so that pieces straddle the store's segments. */
function unevenly(bytes: Buffer): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = [1, 4093, 65_536, 300_001][i % 4]!;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(pieces);
}

describe('staging', () => {
  let root: string;
  let store: LocalDiskStore;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-staging-'));
    store = new LocalDiskStore(root);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const stage = (source: Readable) => store.stage(source, Number.MAX_SAFE_INTEGER, () => new CapsuleError('payload_too_large', 'too large'));

  /** Stages and places `bytes`, and checks the digests and the placed file against them. */
  async function roundTrip(bytes: Buffer): Promise<void> {
    const staged = await stage(unevenly(bytes));
    expect(staged).toEqual({ size: bytes.length, md5: digest('md5', bytes), sha256: digest('sha256', bytes) });
    const location = blobLocation(staged.sha256);
    await store.place(staged, location);
    expect(digest('sha256', fs.readFileSync(path.join(root, location)))).toBe(staged.sha256);
  }

  const interrupted = { code: 'bad_request', message: expect.stringMatching(/interrupted/) };

  it('mid-stream is the client\'s interruption (bad_request), not a server failure, leaves no temporary, and the next upload is right', async () => {
    const source = new PassThrough();
    const staging = stage(source);
    source.write(randomBytes(3 * SEGMENT_BYTES + 5));
    // Once the first bytes are taken from the source (gathered for a later write), the store is reading it.
    await expect.poll(() => source.readableLength, { timeout: 10_000 }).toBe(0);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toHaveLength(1);
    source.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    await expect(staging).rejects.toMatchObject(interrupted);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
    await roundTrip(randomBytes(2 * SEGMENT_BYTES + 3));
  });

  it('already gone before staging begins is the same, rather than a wait for ever', async () => {
    const source = new PassThrough();
    source.write(randomBytes(4096));
    source.destroy();
    await new Promise((r) => setImmediate(r));
    await expect(stage(source)).rejects.toMatchObject(interrupted);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('several uploads at once each get their own md5 and sha256, whatever their sizes', async () => {
    const sizes = [0, 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 11 * SEGMENT_BYTES + 7, 3_000_017];
    await Promise.all(sizes.map((size) => roundTrip(randomBytes(size))));
  });

  // Found at the end (the segment never came round again), or when its segment is next wanted.
  it.each([3, RING_SEGMENTS + 2])('a write to the temporary that fails fails the upload (%i segments), gives its ring back, and the next upload is right', async (segments) => {
    const file = path.join(root, `read-only-${segments}`);
    fs.writeFileSync(file, '');
    const handle = await fsp.open(file, 'r');
    const sink = new HashingFileSink(handle, Number.MAX_SAFE_INTEGER, () => new Error('too large'));
    const bytes = randomBytes(segments * SEGMENT_BYTES);
    await expect(pipeline(unevenly(bytes), sink)).rejects.toMatchObject({ code: 'EBADF' });
    expect(sink.digests).toBeUndefined();
    // Its ring comes back for the next upload (the last given back, the first taken): the one holding its first bytes.
    const ringBack = () => {
      const ring = takeRing();
      returnRing(ring); // looked at, not kept: later uploads here still find the rings they would
      return Buffer.from(ring, 0, 64).equals(bytes.subarray(0, 64));
    };
    await expect.poll(ringBack, { timeout: 10_000 }).toBe(true);
    await handle.close();
    await roundTrip(randomBytes(2 * SEGMENT_BYTES + 3));
  });

  it('holds at most a ring: with the disk stalled it stops taking bytes, and once the disk goes on it writes and hashes every one', async () => {
    const ring = RING_SEGMENTS * SEGMENT_BYTES;
    const bytes = randomBytes(4 * ring);
    const file = Buffer.alloc(bytes.length);
    let goOn!: () => void;
    const stalled = new Promise<void>((resolve) => (goOn = resolve));
    const handle = {
      async write(buffer: Buffer, offset: number, length: number, position: number) {
        await stalled;
        const taken = Math.ceil(length / 2); // a short write, as a file may make
        buffer.copy(file, position, offset, offset + taken);
        return { bytesWritten: taken, buffer };
      },
      async datasync() {},
    } as unknown as FileHandle;
    const source = new PassThrough();
    const sink = new HashingFileSink(handle, Number.MAX_SAFE_INTEGER, () => new Error('too large'));
    const staging = pipeline(source, sink);
    const piece = 64 * 1024;
    for (let at = 0; at < bytes.length; at += piece) source.write(bytes.subarray(at, at + piece));
    source.end();
    const taken = () => bytes.length - source.readableLength - source.writableLength;
    await expect.poll(taken, { timeout: 10_000 }).toBeGreaterThanOrEqual(ring);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The ring, and a socket read's worth more: the chunk it waits to copy, and at most one queued behind it.
    expect(taken()).toBeLessThanOrEqual(ring + 2 * piece);
    goOn();
    await staging;
    expect(file.equals(bytes)).toBe(true);
    expect(sink.digests).toEqual({ md5: digest('md5', bytes), sha256: digest('sha256', bytes) });
  });

  it('a limit is kept mid-stream: the upload is refused and leaves no temporary', async () => {
    const limit = SEGMENT_BYTES + 10;
    const tooLarge = new CapsuleError('payload_too_large', 'too large');
    await expect(store.stage(unevenly(randomBytes(limit + 1)), limit, () => tooLarge)).rejects.toBe(tooLarge);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });
});
