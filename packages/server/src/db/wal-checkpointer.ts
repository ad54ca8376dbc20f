import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker: its own connection to the database, running passive checkpoints (which never
 * block a reader or the writer) until the log holds nothing more it can copy, and answering how
 * far it got. Told that something committed, it runs one at most every `interval` ms, so a page
 * written by many commits is copied once; asked for one `now`, at once. Plain CommonJS, so it
 * runs the same from sources and from the build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const connection = new SQLite(workerData.file);
connection.pragma('synchronous = NORMAL');
const checkpoint = connection.prepare('pragma wal_checkpoint(PASSIVE)');
let lastPass = 0;
let due;
function pass() {
  due = undefined;
  let progress = checkpoint.get();
  // Frames committed while it copied: copy those too, unless a reader of an older snapshot holds them back.
  for (let copied = -1; progress.checkpointed < progress.log && progress.checkpointed !== copied; progress = checkpoint.get()) copied = progress.checkpointed;
  lastPass = Date.now();
  parentPort.postMessage({ log: progress.log, checkpointed: progress.checkpointed });
}
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearTimeout(due);
    connection.close();
    parentPort.close();
  } else if (message === 'now') {
    clearTimeout(due);
    pass();
  } else {
    due ??= setTimeout(pass, Math.max(0, lastPass + workerData.interval - Date.now()));
  }
});
`;
/**
 * Past this many frames (4 KB pages) in the log, the writer waits for the worker to copy them all
 * before its next transaction: a transaction that begins with every frame copied starts the log
 * over, and under a steady load of writes that moment otherwise never comes.
 */
const RESTART_FRAMES = 4_000;
/** Checkpoints a commit asks for run at most this often (ms): each fsyncs both files. */
const INTERVAL_MS = 200;

/**
 * Checkpoints of SQLite's write-ahead log on a thread of their own. Run by the connection that
 * commits, a checkpoint copies megabytes into the database file and fsyncs both files inside a
 * commit, on the event loop: every request waited for it. Here the log is copied while requests
 * go on, and the writer only waits (without blocking the event loop) when the log is to start over.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  /** A pass was asked for and the worker has not answered since. */
  #asked = false;
  /** Frames in the log at the worker's last answer. */
  #frames = 0;
  /** The worker failed or was stopped. */
  #ended = false;
  /** close() has asked the worker to stop: it stays referenced until it has. */
  #stopping = false;
  #waiting: (() => void)[] = [];

  readonly #restartFrames: number;

  constructor(file: string, { restartFrames = RESTART_FRAMES, intervalMs = INTERVAL_MS } = {}) {
    this.#restartFrames = restartFrames;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // Plain JavaScript: none of the parent's loaders (a TypeScript one would slow its start tenfold).
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { file, driver, interval: intervalMs } });
    this.#worker.on('message', ({ log, checkpointed }: { log: number; checkpointed: number }) => {
      this.#asked = false;
      // All copied while the writer waited: its next transaction starts the log over. (A pass it
      // did not wait for ends, and answers, after frames committed since.)
      this.#frames = this.#waiting.length > 0 && checkpointed >= log ? 0 : log;
      // A pass that answers after close() asked it to stop must not let the process end first.
      if (!this.#stopping) this.#worker.unref();
      this.#wake();
    });
    // Without the worker the writer's own checkpoints bound the log, as before; nothing waits for
    // it. It may end without an error (stopped by close, or a pass it was asked for once stopped):
    // a write waiting for that pass would otherwise wait for ever.
    const ended = () => {
      this.#ended = true;
      this.#wake();
    };
    this.#worker.on('error', ended).on('exit', ended);
    this.#worker.unref();
  }

  /** Something committed: the worker copies it when free (asking once while it is busy is enough). */
  committed(): void {
    if (this.#asked || this.#ended) return;
    this.#ask('run');
  }

  /** Before a write transaction: undefined to go on at once, or a promise of the worker's pass when the log is due to start over. */
  beforeWrite(): Promise<void> | undefined {
    if (this.#frames < this.#restartFrames || this.#ended) return undefined;
    // The answer to this pass tells the new length; until then, later writes wait for the same pass.
    const pass = new Promise<void>((resolve) => this.#waiting.push(resolve));
    if (this.#waiting.length === 1) this.#ask('now');
    return pass;
  }

  /**
   * Asks for a pass. Until it answers, the worker keeps the process alive: a write waiting for it,
   * or a commit not yet copied, is work still to do. Idle, it does not.
   */
  #ask(message: 'run' | 'now'): void {
    this.#asked = true;
    this.#worker.ref();
    this.#worker.postMessage(message);
  }

  async close(): Promise<void> {
    if (this.#ended) return;
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    // Kept alive until it has closed its connection: unreferenced, it would let the process end first.
    this.#stopping = true;
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await exited;
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }
}
