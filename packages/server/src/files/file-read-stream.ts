import fsp, { type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteSpan } from './blob-store.js';

/** Reads in large pieces: fewer system calls and thread-pool round trips per gigabyte. */
const IO_CHUNK = 1024 * 1024;
/** Buffers a piped stream reads into in turn: one being filled while the other is sent. */
const PIPE_BUFFERS = 2;

/**
 * A file, or a span of it, as a stream. Piped (as an HTTP answer is sent), it reads into a few
 * buffers of its own and refills each only once the destination has taken its bytes (the write's
 * callback): a fresh buffer per chunk, as fs.createReadStream gives, is external memory, and a
 * gigabyte of them set off a full garbage collection every few dozen megabytes, each one
 * walking the server's whole heap. Read any other way, it gives a fresh buffer per chunk.
 */
export class FileReadStream extends Readable {
  readonly #path: string;
  /** Inclusive; the end of the file without a span. */
  readonly #end: number;
  #position: number;
  #handle: Promise<FileHandle> | undefined;
  /** Settles when the stream is destroyed: a piped copy stops waiting for its destination. */
  readonly #stopped: Promise<void>;
  #stop!: () => void;

  constructor(path: string, span?: ByteSpan) {
    super({ highWaterMark: IO_CHUNK });
    this.#path = path;
    this.#position = span?.start ?? 0;
    this.#end = span?.end ?? Number.POSITIVE_INFINITY;
    this.#stopped = new Promise((resolve) => (this.#stop = resolve));
  }

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    this.#copyTo(destination).then(
      () => {
        if (this.destroyed) return;
        if (options?.end !== false) destination.end();
        // Ends this stream as a read to the end would: 'end', then 'close'.
        this.push(null);
        this.resume();
      },
      (e: Error) => this.destroy(e),
    );
    return destination;
  }

  override _read(): void {
    this.#readInto(Buffer.allocUnsafe(this.#nextLength(IO_CHUNK))).then(
      (bytes) => this.push(bytes),
      (e: Error) => this.destroy(e),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#stop();
    // Closing waits for a read still running on the handle.
    const closed = this.#handle?.then((h) => h.close()) ?? Promise.resolve();
    closed.then(
      () => callback(error),
      () => callback(error),
    );
  }

  async #copyTo(destination: NodeJS.WritableStream): Promise<void> {
    // Buffers no larger than what there is to send: a small file's answer allocates little.
    const { size } = await (await this.#opened()).stat();
    const length = Math.max(1, Math.min(IO_CHUNK, size - this.#position, this.#end - this.#position + 1));
    const buffers = Array.from({ length: PIPE_BUFFERS }, () => Buffer.allocUnsafeSlow(length));
    const taken: Promise<void>[] = [];
    for (let i = 0; ; i = (i + 1) % PIPE_BUFFERS) {
      await Promise.race([taken[i], this.#stopped]);
      if (this.destroyed) return;
      const bytes = await this.#readInto(buffers[i]!);
      if (bytes === null || this.destroyed) break;
      const written = new Promise<void>((resolve, reject) => destination.write(bytes, (e) => (e ? reject(e) : resolve())));
      // Seen when this buffer is next wanted, or not at all if the stream stops first (the client left).
      written.catch(() => {});
      taken[i] = written;
    }
    await Promise.race([Promise.all(taken), this.#stopped]);
  }

  /** The next bytes into `buffer`, or null at the end. */
  async #readInto(buffer: Buffer): Promise<Buffer | null> {
    const length = this.#nextLength(buffer.length);
    if (length === 0) return null;
    const { bytesRead } = await (await this.#opened()).read(buffer, 0, length, this.#position);
    if (bytesRead === 0) return null;
    this.#position += bytesRead;
    return buffer.subarray(0, bytesRead);
  }

  #opened(): Promise<FileHandle> {
    return (this.#handle ??= fsp.open(this.#path, 'r'));
  }

  #nextLength(most: number): number {
    return Math.max(0, Math.min(most, this.#end - this.#position + 1));
  }
}
