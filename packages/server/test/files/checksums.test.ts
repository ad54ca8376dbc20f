import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Checksums } from '../../src/files/checksums.js';

const MIB = 1024 * 1024;

const expected = (bytes: Buffer) => ({ md5: createHash('md5').update(bytes).digest('hex'), sha256: createHash('sha256').update(bytes).digest('hex') });

/** `bytes` cut at the given lengths (the rest as one last chunk). */
function cut(bytes: Buffer, lengths: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const length of lengths) {
    chunks.push(bytes.subarray(at, at + length));
    at += length;
  }
  chunks.push(bytes.subarray(at));
  return chunks;
}

describe('checksums computed beside the event loop', () => {
  it('are those of nothing for an empty stream', async () => {
    const checksums = new Checksums();
    await checksums.add([]);
    await checksums.add([Buffer.alloc(0)]);
    expect(await checksums.digests()).toEqual(expected(Buffer.alloc(0)));
  });

  it('are those of the whole stream however it is cut, including chunks larger than all the memory md5 may lag by', async () => {
    const bytes = randomBytes(11 * MIB + 12_345);
    const checksums = new Checksums();
    // One byte, odd sizes across piece boundaries, one 6 MiB chunk (more than four pieces), then the rest.
    const chunks = cut(bytes, [1, 65_536, 1_000_003, 6 * MIB, 3]);
    await checksums.add(chunks.slice(0, 3));
    for (const chunk of chunks.slice(3)) await checksums.add([chunk]);
    expect(await checksums.digests()).toEqual(expected(bytes));
  });

  it('do not depend on the chunks once add resolves', async () => {
    const bytes = randomBytes(3 * MIB);
    const reused = Buffer.alloc(MIB);
    const checksums = new Checksums();
    for (let at = 0; at < bytes.length; at += MIB) {
      bytes.copy(reused, 0, at, at + MIB);
      await checksums.add([reused]);
    }
    reused.fill(0);
    expect(await checksums.digests()).toEqual(expected(bytes));
  });

  it('keep streams that run at the same time apart', async () => {
    const a = randomBytes(5 * MIB);
    const b = randomBytes(5 * MIB + 1);
    const [first, second] = [new Checksums(), new Checksums()];
    for (let at = 0; at < b.length; at += 700_000) {
      await Promise.all([first.add([a.subarray(at, at + 700_000)]), second.add([b.subarray(at, at + 700_000)])]);
    }
    expect(await Promise.all([first.digests(), second.digests()])).toEqual([expected(a), expected(b)]);
  });

  it('fail an add waiting for md5 to catch up when the stream is given up, and the next stream is not affected', async () => {
    const given = new Checksums();
    const waiting = given.add([randomBytes(6 * MIB)]);
    given.close();
    await expect(waiting).rejects.toThrow('given up');

    const bytes = randomBytes(2 * MIB);
    const next = new Checksums();
    await next.add([bytes]);
    expect(await next.digests()).toEqual(expected(bytes));
  });
});
