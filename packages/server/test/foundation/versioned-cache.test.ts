import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../src/read-cache/versioned-cache.js';

/** A loader that counts its calls and answers with the call number. */
function counting() {
  let calls = 0;
  const load = async () => ({ call: ++calls });
  return { load, calls: () => calls };
}

describe('a cache kept while the data version stays the same', () => {
  it('answers from the cache until the version changes, then loads again', async () => {
    const cache = new VersionedCache<string, { call: number }>(10);
    const loader = counting();
    expect(await cache.read('1', 'a', loader.load)).toEqual({ call: 1 });
    expect(await cache.read('1', 'a', loader.load)).toEqual({ call: 1 });
    expect(loader.calls()).toBe(1);
    expect(await cache.read('2', 'a', loader.load)).toEqual({ call: 2 });
    expect(await cache.read('2', 'a', loader.load)).toEqual({ call: 2 });
    expect(loader.calls()).toBe(2);
  });

  it('keeps nothing while the version cannot be told, nor anything from before', async () => {
    const cache = new VersionedCache<string, { call: number }>(10);
    const loader = counting();
    await cache.read(undefined, 'a', loader.load);
    await cache.read(undefined, 'a', loader.load);
    expect(loader.calls()).toBe(2);
    await cache.read('1', 'a', loader.load);
    await cache.read(undefined, 'a', loader.load);
    expect(await cache.read('1', 'a', loader.load)).toEqual({ call: 5 });
  });

  it('serves a read naming another version nothing filed under the current one', async () => {
    const cache = new VersionedCache<string, { call: number }>(10);
    const loader = counting();
    await cache.read('2', 'a', loader.load);
    // A request that observed version 1 (it arrived before the commit that made 2) loads afresh...
    expect(await cache.read('1', 'a', loader.load)).toEqual({ call: 2 });
    // ...and one that observed 2 does not get the answer filed under 1.
    expect(await cache.read('2', 'a', loader.load)).toEqual({ call: 3 });
  });

  it('does not file an answer under a version that changed while it loaded', async () => {
    const cache = new VersionedCache<string, { call: number }>(10);
    const loader = counting();
    let release!: () => void;
    const slow = cache.read('1', 'a', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { call: 0 };
    });
    // Another read names version 2 first; the slow answer, labelled 1, must not land among 2's.
    expect(await cache.read('2', 'b', loader.load)).toEqual({ call: 1 });
    release();
    expect(await slow).toEqual({ call: 0 });
    expect(await cache.read('2', 'a', loader.load)).toEqual({ call: 2 });
  });

  it('does not keep a failed load', async () => {
    const cache = new VersionedCache<string, { call: number }>(10);
    await expect(cache.read('1', 'a', async () => Promise.reject(new Error('no such thing')))).rejects.toThrow('no such thing');
    const loader = counting();
    expect(await cache.read('1', 'a', loader.load)).toEqual({ call: 1 });
  });

  it('holds at most its capacity, dropping the oldest entry first', async () => {
    const cache = new VersionedCache<string, { call: number }>(2);
    const loader = counting();
    await cache.read('1', 'a', loader.load);
    await cache.read('1', 'b', loader.load);
    await cache.read('1', 'c', loader.load);
    expect(await cache.read('1', 'c', loader.load)).toEqual({ call: 3 });
    expect(await cache.read('1', 'b', loader.load)).toEqual({ call: 2 });
    expect(await cache.read('1', 'a', loader.load)).toEqual({ call: 4 });
  });
});
