import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { WriteBatchEnd } from './end-of-transaction.js';
import type { Tables } from './tables.js';

export type WriteWork<T> = (trx: Transaction<Tables>) => Promise<T>;

interface Job {
  work: WriteWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A job whose transaction has committed, with what its work returned: acknowledged once a flush covers it. */
interface Committed {
  job: Job;
  value: unknown;
}

/** At most this many writes share one commit, so a burst does not hold the writer for long. */
const MAX_BATCH = 64;

/**
 * Group commit for SQLite. A durable commit costs one fsync (milliseconds on most disks), and
 * SQLite has one writer at a time, so one transaction per request caps writes at a few hundred a
 * second. Writes that arrive together run in one transaction, each inside its own savepoint: one
 * that fails is rolled back alone.
 *
 * Committing and flushing overlap: while one flush (an fdatasync on the thread pool) is under
 * way, the next batches run and commit on the event loop, and the flush after it covers all of
 * them. A write is acknowledged only after a flush that started after its commit has finished.
 */
export class GroupCommit {
  readonly #db: Kysely<Tables>;
  readonly #flush: () => Promise<void>;
  #queue: Job[] = [];
  /** A batch is due (the writes of this turn of the event loop join it) or running. */
  #batching = false;
  /** Committed, waiting for a flush that starts after their commit. */
  #unflushed: Committed[] = [];
  #flushing = false;
  /**
   * Set once a flush fails. The kernel may then have dropped the log's unwritten pages and a
   * later fsync can succeed without them, while later transactions build on what they held:
   * no later write can be promised durable.
   */
  #flushFailure: unknown;

  readonly #beforeBatch: () => Promise<void> | undefined;

  /**
   * `flush` makes committed transactions durable (an fsync of the write-ahead log);
   * `beforeBatch` may hold the next transaction back, without blocking the event loop, until it resolves.
   */
  constructor(db: Kysely<Tables>, flush: () => Promise<void>, beforeBatch: () => Promise<void> | undefined = () => undefined) {
    this.#db = db;
    this.#flush = flush;
    this.#beforeBatch = beforeBatch;
  }

  write<T>(work: WriteWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#flushFailure !== undefined) return reject(this.#flushFailure);
      this.#queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#batching) {
        this.#batching = true;
        // Requests parsed in the same turn of the event loop share the transaction.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        await this.#beforeBatch();
        await this.#commit(this.#queue.splice(0, MAX_BATCH));
      }
    } finally {
      this.#batching = false;
    }
  }

  async #commit(batch: Job[]): Promise<void> {
    // Queued before a flush failed: committing them would write what can no longer be acknowledged.
    if (this.#flushFailure !== undefined) {
      for (const job of batch) job.reject(this.#flushFailure);
      return;
    }
    let trx;
    try {
      trx = await this.#db.startTransaction().execute();
    } catch (e) {
      for (const job of batch) job.reject(e);
      return;
    }
    const done: Committed[] = [];
    const batchEnd = new WriteBatchEnd(trx);
    // Savepoint commands as fixed SQL text, prepared once by the connection: Kysely's builders
    // would compile them again for every write.
    const run = (command: string) => trx.executeQuery(CompiledQuery.raw(command));
    for (const [i, job] of batch.entries()) {
      const name = `w${i}`;
      const mark = batchEnd.mark();
      try {
        await run(`savepoint ${name}`);
        try {
          const value = await job.work(trx);
          await run(`release ${name}`);
          done.push({ job, value });
        } catch (e) {
          await run(`rollback to ${name}`);
          await run(`release ${name}`);
          batchEnd.dropSince(mark);
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
      // What the writes left to the end belongs to them all: if it fails, none of them is committed.
      await batchEnd.run();
      await trx.commit().execute();
    } catch (e) {
      await trx.rollback().execute().catch(() => {});
      for (const d of done) d.job.reject(e);
      return;
    }
    this.#unflushed.push(...done);
    this.#startFlush();
  }

  /** Flushes what has committed, unless a flush is under way: the one after it will cover it. */
  #startFlush(): void {
    if (this.#flushing || this.#unflushed.length === 0) return;
    this.#flushing = true;
    const covered = this.#unflushed;
    this.#unflushed = [];
    const failed = this.#flushFailure;
    void (failed === undefined ? this.#flush() : Promise.reject(failed)).then(
      () => {
        for (const c of covered) c.job.resolve(c.value);
      },
      (e: unknown) => {
        // Committed but perhaps not on disk: not acknowledged as durable, and nothing after it is.
        this.#flushFailure ??= e;
        for (const c of covered) c.job.reject(e);
      },
    ).finally(() => {
      this.#flushing = false;
      this.#startFlush();
    });
  }
}
