/**
 * Answers read from the database, kept while the database's data version (Database.dataVersion)
 * stays the same. Each read names the version its caller observed, no earlier than when its
 * request arrived; an answer is served only to reads naming the version it was filed under,
 * and a read naming another version empties the cache. So nothing read before a commit (by
 * this process or another one) is served to a request that arrived after it. Without a version
 * (PostgreSQL, or a write under way) every read loads afresh and nothing is kept.
 *
 * An answer is filed under the version observed before it was loaded: if a commit lands while
 * it loads, the answer may be newer than its label, never older. Versions never repeat, so a
 * label that is no longer current is never named again by a request that arrives later.
 */
export class VersionedCache<K, V extends object> {
  readonly #capacity: number;
  #version: string | undefined;
  #entries = new Map<K, V>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The answer for `key` filed under `version`, else what `load` gives (filed for the next read). */
  async read(version: string | undefined, key: K, load: () => Promise<V>): Promise<V> {
    if (version !== this.#version) {
      this.#entries.clear();
      this.#version = version;
    }
    if (version === undefined) return load();
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const value = await load();
    // Another read may have moved the cache to another version meanwhile: then this answer is not filed.
    if (this.#version === version) {
      // The oldest entry makes room: a bounded memory, and a hot entry is soon filed again.
      if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, value);
    }
    return value;
  }
}
