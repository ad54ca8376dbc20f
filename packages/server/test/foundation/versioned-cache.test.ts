import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../src/read-cache/versioned-cache.js';

/** A data version the test moves by hand; undefined stands for "cannot tell". */
function versionSource() {
  const source: { now: string | undefined; dataVersion(): string | undefined } = { now: '1', dataVersion: () => source.now };
  return source;
}

/** A loader that counts its calls and answers with the call number. */
function counting() {
  let calls = 0;
  const load = async () => ({ call: ++calls });
  return { load, calls: () => calls };
}

describe('a cache kept while the data version stays the same', () => {
  it('answers from the cache until the version changes, then loads again', async () => {
    const version = versionSource();
    const cache = new VersionedCache<string, { call: number }>(version, 10);
    const loader = counting();
    expect(await cache.read('a', loader.load)).toEqual({ call: 1 });
    expect(await cache.read('a', loader.load)).toEqual({ call: 1 });
    expect(loader.calls()).toBe(1);
    version.now = '2';
    expect(await cache.read('a', loader.load)).toEqual({ call: 2 });
    expect(loader.calls()).toBe(2);
  });

  it('keeps nothing while the version cannot be told', async () => {
    const version = versionSource();
    version.now = undefined;
    const cache = new VersionedCache<string, { call: number }>(version, 10);
    const loader = counting();
    await cache.read('a', loader.load);
    await cache.read('a', loader.load);
    expect(loader.calls()).toBe(2);
    // Nor does an answer loaded before the version became unknown survive it.
    version.now = '1';
    await cache.read('a', loader.load);
    version.now = undefined;
    await cache.read('a', loader.load);
    version.now = '1';
    expect(await cache.read('a', loader.load)).toEqual({ call: 5 });
  });

  it('does not file an answer under a version that changed while it loaded', async () => {
    const version = versionSource();
    const cache = new VersionedCache<string, { call: number }>(version, 10);
    const loader = counting();
    let release!: () => void;
    const slow = cache.read('a', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { call: 0 };
    });
    version.now = '2';
    // Another reader sees version 2 first; the slow answer, labelled 1, must not land in 2's entries.
    expect(await cache.read('b', loader.load)).toEqual({ call: 1 });
    release();
    expect(await slow).toEqual({ call: 0 });
    expect(await cache.read('a', loader.load)).toEqual({ call: 2 });
  });

  it('does not keep a failed load', async () => {
    const cache = new VersionedCache<string, { call: number }>(versionSource(), 10);
    await expect(cache.read('a', async () => Promise.reject(new Error('no such thing')))).rejects.toThrow('no such thing');
    const loader = counting();
    expect(await cache.read('a', loader.load)).toEqual({ call: 1 });
  });

  it('holds at most its capacity, dropping the oldest entry first', async () => {
    const cache = new VersionedCache<string, { call: number }>(versionSource(), 2);
    const loader = counting();
    await cache.read('a', loader.load);
    await cache.read('b', loader.load);
    await cache.read('c', loader.load);
    expect(await cache.read('c', loader.load)).toEqual({ call: 3 });
    expect(await cache.read('b', loader.load)).toEqual({ call: 2 });
    expect(await cache.read('a', loader.load)).toEqual({ call: 4 });
  });
});
