import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { StageOptions } from './blob-store.js';
import { ParallelDigests, type FileDigests } from './parallel-digests.js';
import { releaseChunk } from './released-chunks.js';
import { RING_SEGMENTS, SEGMENT_BYTES, returnRing, takeRing } from './upload-rings.js';

/** Writes all of `length` bytes at `position`: a write to a file may take fewer. */
async function writeAll(handle: FileHandle, buffer: Buffer, offset: number, length: number, position: number): Promise<void> {
  while (length > 0) {
    const { bytesWritten } = await handle.write(buffer, offset, length, position);
    offset += bytesWritten;
    position += bytesWritten;
    length -= bytesWritten;
  }
}

/**
 * A temporary file that checksums what it is given. Chunks are gathered into the segments of a
 * shared ring; each full segment goes to the file in one write and to the md5 and sha256 workers
 * at once, so receiving, writing and hashing overlap on different cores. A segment is filled
 * again only once its write and both hashes are done: at most a ring is held, whatever the size.
 * The byte limit is checked before anything of a chunk is taken. When it finishes, the file is
 * synced and `digests` are set.
 */
export class HashingFileSink extends Writable {
  size = 0;
  digests: FileDigests | undefined;
  readonly #handle: FileHandle;
  readonly #limit: number;
  readonly #tooLarge: () => Error;
  readonly #releaseChunks: boolean;
  readonly #ring = takeRing();
  readonly #memory = Buffer.from(this.#ring);
  readonly #hashes = new ParallelDigests(this.#ring);
  /** Per segment, its write and hashes while they run. */
  readonly #busy: (Promise<void> | undefined)[] = new Array<undefined>(RING_SEGMENTS);
  #segment = 0;
  #filled = 0;
  /** Where in the file the segment being filled goes. */
  #position = 0;
  /** The last write sent to the file. */
  #written: Promise<void> = Promise.resolve();

  constructor(handle: FileHandle, limit: number, tooLarge: () => Error, { releaseChunks = false }: StageOptions = {}) {
    // One socket read's worth: while the ring is full the request stops being read, and what the
    // client sends waits in the kernel, not here.
    super({ highWaterMark: 64 * 1024 });
    this.#handle = handle;
    this.#limit = limit;
    this.#tooLarge = tooLarge;
    this.#releaseChunks = releaseChunks;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.size + chunk.length > this.#limit) return callback(this.#tooLarge());
    this.size += chunk.length;
    this.#take(chunk, 0, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#finish().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Finished or failed, the ring goes back once no write or hash reads it any more.
    void Promise.allSettled([this.#written, this.#hashes.drop()]).then(() => returnRing(this.#ring));
    callback(error);
  }

  /** Sends what is left, waits for every write and hash, syncs the file and takes the digests. */
  async #finish(): Promise<void> {
    if (this.#filled > 0) this.#send();
    await Promise.all(this.#busy);
    const [, digests] = await Promise.all([this.#handle.datasync(), this.#hashes.digests()]);
    this.digests = digests;
  }

  /** Copies `chunk` from `from` on into the ring, waiting for a segment when the next one is still busy. */
  #take(chunk: Buffer, from: number, callback: (error?: Error | null) => void): void {
    while (from < chunk.length) {
      if (this.destroyed) return;
      const busy = this.#filled === 0 ? this.#busy[this.#segment] : undefined;
      if (busy) return void busy.then(() => this.#take(chunk, from, callback), callback);
      const at = this.#segment * SEGMENT_BYTES + this.#filled;
      const copied = chunk.copy(this.#memory, at, from, from + Math.min(chunk.length - from, SEGMENT_BYTES - this.#filled));
      from += copied;
      this.#filled += copied;
      if (this.#filled === SEGMENT_BYTES) this.#send();
    }
    if (this.#releaseChunks) releaseChunk(chunk);
    callback();
  }

  /** Sends the segment being filled to the file and the hashes, and moves on to the next one. */
  #send(): void {
    const segment = this.#segment;
    const offset = segment * SEGMENT_BYTES;
    const [length, position] = [this.#filled, this.#position];
    // One write at a time, in order: writes to one file at once contend for its lock, and cost
    // the kernel more CPU than the same writes one after the other.
    const written = this.#written.then(() => writeAll(this.#handle, this.#memory, offset, length, position));
    this.#written = written;
    const done: Promise<void> = Promise.all([written, this.#hashes.update(offset, length)]).then(() => {
      if (this.#busy[segment] === done) this.#busy[segment] = undefined;
    });
    // A failure is reported to whatever waits for this segment next, or for the end.
    done.catch(() => {});
    this.#busy[segment] = done;
    this.#position += this.#filled;
    this.#filled = 0;
    this.#segment = (segment + 1) % RING_SEGMENTS;
  }
}
