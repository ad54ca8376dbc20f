import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { StagedBlob } from './blob-store.js';

/** The hex digests every stored file is recorded with. */
export type FileDigests = Pick<StagedBlob, 'md5' | 'sha256'>;

type Algorithm = keyof FileDigests;

/** What a digest worker is asked, about one session (one file): answered in the order asked. */
type DigestRequest =
  | { session: number; op: 'start'; memory: SharedArrayBuffer }
  | { session: number; op: 'update'; offset: number; length: number }
  | { session: number; op: 'digest' }
  | { session: number; op: 'drop' };

/** An update done (no digest), or the digest asked for. */
interface DigestAnswer {
  session: number;
  digest?: string;
}

/**
 * The worker's program, as source: it runs as it is both from the compiled server and from the
 * TypeScript sources under test, where a module path would name a file that does not exist.
 * It hashes spans of a session's shared memory, in order, and answers each update, digest and drop.
 */
const WORKER_SOURCE = `
const { parentPort, workerData: algorithm } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const sessions = new Map();
parentPort.on('message', (m) => {
  const s = sessions.get(m.session);
  if (m.op === 'start') sessions.set(m.session, { hash: createHash(algorithm), memory: new Uint8Array(m.memory) });
  else if (m.op === 'update') {
    s.hash.update(s.memory.subarray(m.offset, m.offset + m.length));
    parentPort.postMessage({ session: m.session });
  } else if (m.op === 'digest') {
    sessions.delete(m.session);
    parentPort.postMessage({ session: m.session, digest: s.hash.digest('hex') });
  } else {
    sessions.delete(m.session);
    parentPort.postMessage({ session: m.session });
  }
});
`;

interface Waiter {
  resolve: (digest: string | undefined) => void;
  reject: (e: Error) => void;
}

/**
 * A worker thread computing one algorithm for any number of sessions at once, started when
 * first needed and again after a failure. It keeps the process alive only while a session is open.
 */
class DigestWorker {
  readonly #algorithm: Algorithm;
  #worker: Worker | undefined;
  /** Per open session, the answers still to come, oldest first. */
  readonly #waiting = new Map<number, Waiter[]>();

  constructor(algorithm: Algorithm) {
    this.#algorithm = algorithm;
  }

  start(session: number, memory: SharedArrayBuffer): void {
    const worker = this.#running();
    this.#waiting.set(session, []);
    worker.ref();
    worker.postMessage({ session, op: 'start', memory } satisfies DigestRequest);
  }

  update(session: number, offset: number, length: number): Promise<unknown> {
    return this.#ask({ session, op: 'update', offset, length });
  }

  async digest(session: number): Promise<string> {
    const digest = await this.#ask({ session, op: 'digest' });
    this.#close(session);
    return digest!;
  }

  /**
   * Forgets a session whose digest will not be asked for: updates still pending fail at once.
   * Resolves once the worker has let go of the session, so after every span it was handed.
   */
  async drop(session: number): Promise<void> {
    const waiting = this.#waiting.get(session);
    if (!waiting) return;
    // Their answers still come, before the drop's, and settle nothing any more.
    for (const w of waiting) w.reject(new Error(`The ${this.#algorithm} of this upload is no longer computed.`));
    try {
      await this.#ask({ session, op: 'drop' });
    } finally {
      this.#close(session);
    }
  }

  #ask(request: DigestRequest): Promise<string | undefined> {
    const waiting = this.#waiting.get(request.session);
    if (!waiting || !this.#worker) return Promise.reject(new Error(`The ${this.#algorithm} worker stopped during this upload.`));
    const worker = this.#worker;
    return new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(request);
    });
  }

  #close(session: number): void {
    this.#waiting.delete(session);
    if (this.#waiting.size === 0) this.#worker?.unref();
  }

  #running(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.#algorithm });
    worker.on('message', (answer: DigestAnswer) => this.#waiting.get(answer.session)?.shift()?.resolve(answer.digest));
    const failed = (e: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      const sessions = [...this.#waiting.values()];
      this.#waiting.clear();
      for (const waiting of sessions) for (const w of waiting) w.reject(e);
    };
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`The ${this.#algorithm} worker exited with code ${code}.`)));
    this.#worker = worker;
    return worker;
  }
}

/**
 * The md5 worker, shared by every upload. md5 is the slower of the two (about half sha256's
 * rate with SHA instructions), so it gets a core of its own while sha256 runs in the thread
 * that receives the bytes: the two sides then take about the same time per gigabyte, with one
 * extra thread (and heap) rather than two.
 */
const md5Worker = new DigestWorker('md5');
let sessions = 0;

/**
 * The md5 and sha256 of one file whose bytes pass through `memory`: md5 in a worker thread,
 * sha256 here. `update` hands over a span of `memory`, to be left unchanged until it resolves;
 * spans are hashed in the order handed over.
 */
export class ParallelDigests {
  readonly #session = ++sessions;
  readonly #memory: Uint8Array;
  readonly #sha256 = createHash('sha256');
  #open = true;

  constructor(memory: SharedArrayBuffer) {
    this.#memory = new Uint8Array(memory);
    md5Worker.start(this.#session, memory);
  }

  async update(offset: number, length: number): Promise<void> {
    const md5 = md5Worker.update(this.#session, offset, length);
    this.#sha256.update(this.#memory.subarray(offset, offset + length));
    await md5;
  }

  async digests(): Promise<FileDigests> {
    this.#open = false;
    return { md5: await md5Worker.digest(this.#session), sha256: this.#sha256.digest('hex') };
  }

  /**
   * Abandons the digests (the upload failed); a no-op once they were asked for. Resolves once
   * nothing reads the memory for them any more.
   */
  async drop(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await md5Worker.drop(this.#session);
  }
}
