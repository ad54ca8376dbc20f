import { Worker } from 'node:worker_threads';

/**
 * What the thread is told. `update` gives it a piece of memory (transferred, not copied) whose
 * first `length` bytes come next in the stream; it gives the piece back once they are hashed.
 */
type Md5Request =
  | { kind: 'open'; id: number }
  | { kind: 'update'; id: number; piece: ArrayBuffer; length: number }
  | { kind: 'digest'; id: number }
  | { kind: 'close'; id: number };

/** What it answers: a piece it has hashed, or the digest. */
type Md5Answer = { id: number; piece: ArrayBuffer } | { id: number; md5: string };

/**
 * The thread's whole program. It is started from source text, so that the same code runs from
 * the TypeScript sources and from the compiled output: it may use nothing from outside itself.
 */
function md5ThreadProgram(require: NodeJS.Require): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const streams = new Map<number, import('node:crypto').Hash>();
  parentPort!.on('message', (m: Md5Request) => {
    if (m.kind === 'open') {
      streams.set(m.id, createHash('md5'));
    } else if (m.kind === 'update') {
      streams.get(m.id)?.update(new Uint8Array(m.piece, 0, m.length));
      parentPort!.postMessage({ id: m.id, piece: m.piece } satisfies Md5Answer, [m.piece]);
    } else if (m.kind === 'digest') {
      parentPort!.postMessage({ id: m.id, md5: streams.get(m.id)!.digest('hex') } satisfies Md5Answer);
      streams.delete(m.id);
    } else {
      streams.delete(m.id);
    }
  });
}

/** How a stream hears from the thread. */
export interface Md5Listener {
  /** A piece given with `update` is back, hashed. */
  returned(piece: ArrayBuffer): void;
  digest(md5: string): void;
  fail(error: Error): void;
}

/** One stream's md5, computed on the thread. */
export interface Md5Stream {
  /** Hash the first `length` bytes of `piece`, which is unusable here until the listener has it back. */
  update(piece: ArrayBuffer, length: number): void;
  /** Ask for the digest of everything updated so far; it comes to the listener's `digest`. */
  digest(): void;
  /** Forget the stream (after its digest, or to give it up). */
  close(): void;
}

/**
 * One thread for the whole process that computes md5, the slower of the two checksums an
 * upload needs, beside the event loop. Streams are told apart by id. The thread keeps the
 * process alive only while some stream is open; if it dies, its open streams fail and the next
 * stream starts another.
 */
class Md5Thread {
  readonly #worker: Worker;
  readonly #listeners = new Map<number, Md5Listener>();
  #nextId = 1;

  constructor(onExit: (thread: Md5Thread) => void) {
    this.#worker = new Worker(`(${md5ThreadProgram.toString()})(require)`, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    this.#worker.unref();
    this.#worker.on('message', (answer: Md5Answer) => {
      const listener = this.#listeners.get(answer.id);
      if (!listener) return;
      if ('md5' in answer) listener.digest(answer.md5);
      else listener.returned(answer.piece);
    });
    const fail = (error: Error) => {
      onExit(this);
      for (const listener of this.#listeners.values()) listener.fail(error);
      this.#listeners.clear();
    };
    this.#worker.once('error', fail);
    this.#worker.once('exit', (code) => fail(new Error(`The md5 thread stopped with exit code ${code}.`)));
  }

  open(listener: Md5Listener): Md5Stream {
    const id = this.#nextId++;
    if (this.#listeners.size === 0) this.#worker.ref();
    this.#listeners.set(id, listener);
    this.#post({ kind: 'open', id });
    return {
      update: (piece, length) => this.#post({ kind: 'update', id, piece, length }, [piece]),
      digest: () => this.#post({ kind: 'digest', id }),
      close: () => {
        if (!this.#listeners.delete(id)) return;
        this.#post({ kind: 'close', id });
        if (this.#listeners.size === 0) this.#worker.unref();
      },
    };
  }

  #post(request: Md5Request, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(request, transfer);
  }
}

let thread: Md5Thread | undefined;

/** Opens a stream on the process's md5 thread, starting the thread if need be. */
export function openMd5Stream(listener: Md5Listener): Md5Stream {
  thread ??= new Md5Thread((stopped) => {
    if (thread === stopped) thread = undefined;
  });
  return thread.open(listener);
}
