import type { Database } from '../db/database.js';

/**
 * Answers read from the database, kept while the database's data version stays the same: the
 * first lookup that finds a new version empties the cache, so nothing read before a commit (by
 * this process or another one) is served after it. Without a version (PostgreSQL, or a write
 * under way) every read loads afresh and nothing is kept.
 *
 * An answer is filed under the version seen before it was loaded. If a commit lands while it
 * loads, the answer may be newer than its label, never older, and the next lookup sees the new
 * version and drops it; versions never repeat, so a stale label is never matched again.
 */
export class VersionedCache<K, V extends object> {
  readonly #database: Pick<Database, 'dataVersion'>;
  readonly #capacity: number;
  #version: string | undefined;
  #entries = new Map<K, V>();

  constructor(database: Pick<Database, 'dataVersion'>, capacity: number) {
    this.#database = database;
    this.#capacity = capacity;
  }

  /** The cached answer for `key` at the current version, else what `load` gives (kept for the next caller). */
  async read(key: K, load: () => Promise<V>): Promise<V> {
    const version = this.#database.dataVersion();
    if (version !== this.#version) {
      this.#entries.clear();
      this.#version = version;
    }
    if (version === undefined) return load();
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const value = await load();
    if (this.#version === version) {
      // The oldest entry makes room: a bounded memory, and a hot entry is soon filed again.
      if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, value);
    }
    return value;
  }
}
