import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { receivedError } from './thread-errors.js';
import type { DurableBatch } from './group-commit.js';
import type { ProcedureCall } from './write-procedure.js';
import type { WriterReply, WriterRequest } from './writer-thread-worker.js';

/**
 * Starts the worker module, from the sources (through the TypeScript loader the tests and
 * benchmarks run under) as from the build. Plain CommonJS, as an evaluated worker must be.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.loader) (await import(workerData.loader)).register();
  await import(workerData.entry);
})();
`;

/** A started thread and the batches it owes an answer, by id. */
interface Running {
  worker: Worker;
  pending: Map<number, { resolve(batch: DurableBatch): void; reject(error: unknown): void }>;
}

/**
 * A thread with a connection of its own to a SQLite file, committing batches of write
 * procedures there and flushing the log after each. better-sqlite3 runs statements on the
 * thread that calls it: a batch of new drafts spent a third of each request's time on the event
 * loop inside SQLite. Here the statements run beside the event loop, which meanwhile parses and
 * validates the next requests.
 * The thread starts at the first batch, and again after it fails.
 */
export class WriterThread {
  readonly #file: string;
  #thread: Running | undefined;
  #nextId = 0;
  /** Once closed, a batch would start a thread that nothing stops. */
  #closed = false;

  constructor(file: string) {
    this.#file = file;
  }

  /**
   * Commits the calls in one transaction on the thread, one that fails rolled back alone
   * (commitRerunnableBatch), flushes the log there, and answers each call's outcome. Rejects
   * when the thread fails first: the batch may or may not have committed.
   */
  commit(calls: ProcedureCall[]): Promise<DurableBatch> {
    if (this.#closed) return Promise.reject(new Error('The writer thread is closed.'));
    const { worker, pending } = (this.#thread ??= this.#start());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      // Referenced while it owes an answer: idle, it does not keep the process alive.
      worker.ref();
      worker.postMessage({ id, calls } satisfies WriterRequest);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#thread?.worker;
    if (!worker) return;
    this.#thread = undefined;
    const exited = once(worker, 'exit');
    worker.ref();
    worker.postMessage('stop' satisfies WriterRequest);
    await exited;
  }

  #start(): Running {
    const fromSources = import.meta.url.endsWith('.ts');
    const entry = new URL(`./writer-thread-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url).href;
    const loader = fromSources ? import.meta.resolve('tsx/esm/api') : undefined;
    // None of the parent's command-line options: they may name loaders the thread is given above.
    const worker = new Worker(BOOT, { eval: true, execArgv: [], workerData: { file: this.#file, entry, loader } });
    const thread: Running = { worker, pending: new Map() };
    const { pending } = thread;
    worker.on('message', ({ id, outcomes, flushFailure }: WriterReply) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) worker.unref();
      waiting?.resolve({
        outcomes: outcomes.map((o) => (o.ok ? o : { ok: false, error: receivedError(o.error) })),
        ...(flushFailure ? { flushFailure: receivedError(flushFailure) } : {}),
      });
    });
    const ended = (error: unknown) => {
      if (this.#thread === thread) this.#thread = undefined;
      const waiting = [...pending.values()];
      pending.clear();
      for (const w of waiting) w.reject(error);
    };
    worker.on('error', ended).on('exit', (code) => ended(new Error(`The writer thread stopped (exit code ${code}).`)));
    worker.unref();
    return thread;
  }
}
