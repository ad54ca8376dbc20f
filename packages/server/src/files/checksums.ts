import { createHash } from 'node:crypto';
import { openMd5Stream, type Md5Stream } from './md5-thread.js';

/** Bytes handed to the md5 thread at a time: each hand-over is a message there and one back. */
const PIECE_BYTES = 1024 * 1024;
/** Pieces a stream may have: how far ahead of md5 a producer gets before it waits. */
const PIECES = 4;

/** Hex digests of a whole stream of bytes. */
export interface Digests {
  md5: string;
  sha256: string;
}

/**
 * md5 and sha256 of a stream of bytes, side by side: sha256 here, md5 (the slower) on a thread
 * of its own. The bytes are copied into a few pieces of memory that travel to that thread and
 * back without being copied again; `add` waits while all of them are away, and the caller may
 * do what it likes with its chunks once it resolves.
 */
export class Checksums {
  readonly #sha256 = createHash('sha256');
  readonly #md5: Md5Stream;
  /** Pieces here and free, the one being filled and how far, and how many exist. */
  readonly #free: ArrayBuffer[] = [];
  #filling?: Buffer;
  #filled = 0;
  #pieces = 0;
  #pieceBack?: () => void;
  #digest?: { resolve: (md5: string) => void; reject: (e: Error) => void };
  #failure?: Error;

  constructor() {
    this.#md5 = openMd5Stream({
      returned: (piece) => {
        this.#free.push(piece);
        this.#pieceBack?.();
      },
      digest: (md5) => this.#digest?.resolve(md5),
      fail: (error) => {
        this.#failure = error;
        this.#pieceBack?.();
        this.#digest?.reject(error);
      },
    });
  }

  async add(chunks: readonly Buffer[]): Promise<void> {
    for (const chunk of chunks) {
      for (let offset = 0; offset < chunk.length; ) {
        const piece = this.#filling ?? (await this.#nextPiece());
        const length = Math.min(piece.length - this.#filled, chunk.length - offset);
        chunk.copy(piece, this.#filled, offset, offset + length);
        this.#filled += length;
        offset += length;
        if (this.#filled === piece.length) this.#handOver();
      }
    }
    for (const chunk of chunks) this.#sha256.update(chunk);
  }

  /** The digests of everything added; the stream is finished after this. */
  async digests(): Promise<Digests> {
    if (this.#failure) throw this.#failure;
    const md5 = new Promise<string>((resolve, reject) => (this.#digest = { resolve, reject }));
    this.#handOver();
    this.#md5.digest();
    try {
      return { md5: await md5, sha256: this.#sha256.digest('hex') };
    } finally {
      this.#md5.close();
    }
  }

  /** Gives the stream up before its end; an `add` still waiting for a piece fails. */
  close(): void {
    this.#md5.close();
    this.#failure ??= new Error('These checksums were given up.');
    this.#pieceBack?.();
  }

  async #nextPiece(): Promise<Buffer> {
    while (this.#free.length === 0 && this.#pieces === PIECES) {
      if (this.#failure) throw this.#failure;
      await new Promise<void>((resolve) => (this.#pieceBack = resolve));
      this.#pieceBack = undefined;
    }
    if (this.#failure) throw this.#failure;
    const free = this.#free.pop();
    if (free === undefined) this.#pieces++;
    // allocUnsafeSlow: memory of its own, which can be transferred.
    this.#filling = free ? Buffer.from(free) : Buffer.allocUnsafeSlow(PIECE_BYTES);
    this.#filled = 0;
    return this.#filling;
  }

  /** Sends the piece being filled to the thread, with what it holds so far. */
  #handOver(): void {
    if (!this.#filling || this.#filled === 0) return;
    this.#md5.update(this.#filling.buffer as ArrayBuffer, this.#filled);
    this.#filling = undefined;
  }
}
