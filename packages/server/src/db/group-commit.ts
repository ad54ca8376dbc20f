import type { Kysely } from 'kysely';
import { commitBatch, type WriteOutcome, type WriteWork } from './write-batch.js';
import type { ProcedureCall, WriteProcedure } from './write-procedure.js';
import type { Tables } from './tables.js';

/** A batch committed and flushed elsewhere: each write's outcome, and whether the flush failed. */
export interface DurableBatch {
  outcomes: WriteOutcome[];
  /** Set when the flush after the commit failed: what committed may not be on disk. */
  flushFailure?: unknown;
}

/**
 * Where a batch of procedure calls can be committed other than on this thread's connection
 * (WriterThread): it answers once what committed is flushed to disk, by the same fdatasync of
 * the same log as this thread's flush.
 */
export interface BatchCommitter {
  commit(calls: ProcedureCall[]): Promise<DurableBatch>;
}

/** A write waiting for its batch: work for this thread's connection, or a call for the writer thread's. */
type Job = ({ work: WriteWork<unknown> } | { call: ProcedureCall }) & {
  resolve(value: unknown): void;
  reject(error: unknown): void;
};

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
 * way, the next batches run and commit, and the flush after it covers all of them. A write is
 * acknowledged only after a flush that started after its commit has finished.
 *
 * A batch runs on the event loop's connection, or, for write procedures when there is a
 * BatchCommitter, on that one's, which flushes its own commits before it answers. Batches commit
 * one after another, in the order their writes were asked for: one connection writes at a time,
 * and a write sees every write asked for before it.
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
  readonly #elsewhere: BatchCommitter | undefined;

  /**
   * `flush` makes committed transactions durable (an fsync of the write-ahead log);
   * `beforeBatch` may hold the next transaction back, without blocking the event loop, until it
   * resolves; `elsewhere` commits the batches of procedure calls, when given.
   */
  constructor(db: Kysely<Tables>, flush: () => Promise<void>, beforeBatch: () => Promise<void> | undefined = () => undefined, elsewhere?: BatchCommitter) {
    this.#db = db;
    this.#flush = flush;
    this.#beforeBatch = beforeBatch;
    this.#elsewhere = elsewhere;
  }

  write<T>(work: WriteWork<T>): Promise<T> {
    return this.#enqueue({ work });
  }

  /** Runs a procedure in a batch of its own kind, committed elsewhere when there is an elsewhere, here otherwise. */
  call<A, R>(procedure: WriteProcedure<A, R>, args: A): Promise<R> {
    if (!this.#elsewhere) return this.write((trx) => procedure.run(trx, 'sqlite', args));
    return this.#enqueue({ call: { module: procedure.module, name: procedure.name, args } });
  }

  #enqueue<T>(job: { work: WriteWork<unknown> } | { call: ProcedureCall }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#flushFailure !== undefined) return reject(this.#flushFailure);
      this.#queue.push({ ...job, resolve: resolve as (v: unknown) => void, reject });
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
        // The jobs at the head of the queue that commit in the same place, in order.
        const ofCalls = 'call' in this.#queue[0]!;
        let count = 1;
        while (count < this.#queue.length && count < MAX_BATCH && ('call' in this.#queue[count]!) === ofCalls) count++;
        const batch = this.#queue.splice(0, count);
        // Queued before a flush failed: committing them would write what can no longer be acknowledged.
        if (this.#flushFailure !== undefined) for (const job of batch) job.reject(this.#flushFailure);
        else if (ofCalls) await this.#commitElsewhere(this.#elsewhere!, batch);
        else await this.#commitHere(batch);
      }
    } finally {
      this.#batching = false;
    }
  }

  /** A batch of works, on this thread's connection: acknowledged once a flush covers it. */
  async #commitHere(batch: Job[]): Promise<void> {
    const works = batch.flatMap((job) => ('work' in job ? [job.work] : []));
    const outcomes = await commitBatch(this.#db, works);
    for (const [i, outcome] of outcomes.entries()) {
      const job = batch[i]!;
      if (outcome.ok) this.#unflushed.push({ job, value: outcome.value });
      else job.reject(outcome.error);
    }
    this.#startFlush();
  }

  /** A batch of calls, acknowledged as soon as it is answered: flushed already. */
  async #commitElsewhere(elsewhere: BatchCommitter, batch: Job[]): Promise<void> {
    const calls = batch.flatMap((job) => ('call' in job ? [job.call] : []));
    // The thread failed before it answered: whether the batch committed is unknown, and none of it is acknowledged.
    const { outcomes, flushFailure } = await elsewhere.commit(calls).catch((error: unknown): DurableBatch => ({ outcomes: batch.map(() => ({ ok: false, error })) }));
    if (flushFailure !== undefined) this.#flushFailure ??= flushFailure;
    for (const [i, outcome] of outcomes.entries()) {
      const job = batch[i]!;
      if (!outcome.ok) job.reject(outcome.error);
      else if (flushFailure !== undefined) job.reject(flushFailure);
      else job.resolve(outcome.value);
    }
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
