import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteSpan } from './blob-store.js';
import { DIRECT_IO_BLOCK, blockAlignedMemory, openDirect, type OpenFile } from './direct-io.js';

/** Reads in large pieces: fewer system calls and thread-pool round trips per gigabyte. A multiple of the direct I/O block. */
const IO_CHUNK = 1024 * 1024;
/**
 * Buffers a piped stream reads into in turn, each read started as soon as its buffer is free:
 * direct reads wait for the device, and one at a time left it idle while the answer was sent.
 */
const PIPE_BUFFERS = 4;

/**
 * A file, or a span of it, as a stream. Piped (as an HTTP answer is sent), it reads into a few
 * buffers of its own and refills each only once the destination has taken its bytes (the write's
 * callback): a fresh buffer per chunk, as fs.createReadStream gives, is external memory, and a
 * gigabyte of them set off a full garbage collection every few dozen megabytes, each one
 * walking the server's whole heap. Piped, at least a piece's worth is read with direct I/O
 * (uploads are written that way, so a file is seldom in the page cache, and filling the cache
 * would cost more than sending). Read any other way, it gives a fresh buffer per chunk.
 */
export class FileReadStream extends Readable {
  readonly #path: string;
  /** Inclusive; the end of the file without a span (once piped, the file's last byte at most). */
  #end: number;
  #position: number;
  #file: Promise<OpenFile> | undefined;
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
    this.#opened(false).then((file) => this.#readInto(file, Buffer.allocUnsafe(this.#nextLength(IO_CHUNK)))).then(
      (bytes) => this.push(bytes),
      (e: Error) => this.destroy(e),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#stop();
    // Closing waits for a read still running on the handle.
    const closed = this.#file?.then(({ handle }) => handle.close()) ?? Promise.resolve();
    closed.then(
      () => callback(error),
      () => callback(error),
    );
  }

  async #copyTo(destination: NodeJS.WritableStream): Promise<void> {
    const { size } = await fsp.stat(this.#path);
    this.#end = Math.min(this.#end, size - 1);
    // Buffers no larger than what there is to send: a small file's answer allocates little.
    const length = Math.max(1, Math.min(IO_CHUNK, this.#end - this.#position + 1));
    const file = await this.#opened(length === IO_CHUNK);
    const memory = file.direct ? Buffer.from(blockAlignedMemory(PIPE_BUFFERS * length, false)) : Buffer.allocUnsafeSlow(PIPE_BUFFERS * length);
    const buffers = Array.from({ length: PIPE_BUFFERS }, (_, i) => memory.subarray(i * length, (i + 1) * length));
    const reads = buffers.map((buffer) => this.#readInto(file, buffer));
    for (let i = 0; ; i = (i + 1) % PIPE_BUFFERS) {
      const bytes = await Promise.race([reads[i], this.#stopped]);
      if (this.destroyed || !bytes) break;
      const written = new Promise<void>((resolve, reject) => destination.write(bytes, (e) => (e ? reject(e) : resolve())));
      // The buffer is read into again once the destination has taken its bytes. A failure is seen
      // when this buffer is next wanted, or not at all if the stream stops first (the client left).
      reads[i] = written.then(() => this.#readInto(file, buffers[i]!));
      reads[i]!.catch(() => {});
    }
    await Promise.race([Promise.all(reads), this.#stopped]);
  }

  /**
   * The next bytes, read into `buffer`, or null at the end. The position moves on when the read
   * starts, so that the next one can start before it ends. A direct read starts at the block the
   * position is in and fills the whole buffer: what comes before the position is skipped, what
   * comes after the span is left out.
   */
  async #readInto({ handle, direct }: OpenFile, buffer: Buffer): Promise<Buffer | null> {
    const skip = direct ? this.#position % DIRECT_IO_BLOCK : 0;
    const length = this.#nextLength(buffer.length - skip);
    if (length === 0) return null;
    const position = this.#position;
    this.#position += length;
    const { bytesRead } = await handle.read(buffer, 0, direct ? buffer.length : length, position - skip);
    const taken = Math.min(bytesRead - skip, length);
    return taken > 0 ? buffer.subarray(skip, skip + taken) : null;
  }

  /** The file, opened by the first to want it: for direct I/O if `direct`, and the file system allows it. */
  #opened(direct: boolean): Promise<OpenFile> {
    return (this.#file ??= direct ? openDirect(this.#path, fs.constants.O_RDONLY) : fsp.open(this.#path, 'r').then((handle) => ({ handle, direct: false })));
  }

  #nextLength(most: number): number {
    return Math.max(0, Math.min(most, this.#end - this.#position + 1));
  }
}
