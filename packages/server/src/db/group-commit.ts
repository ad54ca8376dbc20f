import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.js';

export type WriteWork<T> = (trx: Transaction<Tables>) => Promise<T>;

interface Job {
  work: WriteWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** At most this many writes share one commit, so a burst does not hold the writer for long. */
const MAX_BATCH = 64;

/**
 * Group commit for SQLite. A durable commit costs one fsync (milliseconds on most disks), and
 * SQLite has one writer at a time, so one transaction per request caps writes at a few hundred a
 * second. Writes that arrive while a commit is under way wait, then run together in the next
 * transaction, each inside its own savepoint: one that fails is rolled back alone, and every
 * write is acknowledged only after `flush` has made its commit durable.
 */
export class GroupCommit {
  readonly #db: Kysely<Tables>;
  readonly #flush: () => Promise<void>;
  #queue: Job[] = [];
  #draining = false;

  /** `flush` makes committed transactions durable (an fsync of the write-ahead log). */
  constructor(db: Kysely<Tables>, flush: () => Promise<void>) {
    this.#db = db;
    this.#flush = flush;
  }

  write<T>(work: WriteWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_BATCH));
    } finally {
      this.#draining = false;
    }
  }

  async #commit(batch: Job[]): Promise<void> {
    let trx;
    try {
      trx = await this.#db.startTransaction().execute();
    } catch (e) {
      for (const job of batch) job.reject(e);
      return;
    }
    const done: { job: Job; value: unknown }[] = [];
    for (const [i, job] of batch.entries()) {
      const name = `w${i}`;
      try {
        const inside = await trx.savepoint(name).execute();
        try {
          const value = await job.work(inside);
          await inside.releaseSavepoint(name).execute();
          done.push({ job, value });
        } catch (e) {
          await inside.rollbackToSavepoint(name).execute();
          await inside.releaseSavepoint(name).execute();
          job.reject(e);
        }
      } catch (e) {
        // The savepoint commands themselves failed: the transaction is unusable; fail the rest.
        for (const rest of batch.slice(i)) rest.reject(e);
        for (const d of done) d.job.reject(e);
        await trx.rollback().execute().catch(() => {});
        return;
      }
    }
    try {
      await trx.commit().execute();
    } catch (e) {
      await trx.rollback().execute().catch(() => {});
      for (const d of done) d.job.reject(e);
      return;
    }
    try {
      await this.#flush();
    } catch (e) {
      // Committed but perhaps not on disk: not acknowledged as durable.
      for (const d of done) d.job.reject(e);
      return;
    }
    for (const d of done) d.job.resolve(d.value);
  }
}
