import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { CapsuleError } from '../errors/capsule-error.js';
import type { BlobStore, ByteSpan, StageOptions, StagedBlob, StoredEntry } from './blob-store.js';
import { FileReadStream } from './file-read-stream.js';
import { HashingFileSink } from './hashing-file-sink.js';

const TEMPORARY_DIR = 'tmp';

/** Syncs a directory so that a rename or unlink in it survives a crash. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Files on local disk under one root: blobs at `<sha256[0:2]>/<rest of sha256>-<token>`, written
 * to `tmp/` first, synced, then renamed into place (and the directory synced), so a blob is
 * either complete at its location or absent. A crash mid-upload leaves only a temporary.
 */
export class LocalDiskStore implements BlobStore {
  readonly #root: string;
  readonly #temporaries: string;
  readonly #staged = new WeakMap<StagedBlob, string>();

  constructor(root: string) {
    this.#root = root;
    this.#temporaries = path.join(root, TEMPORARY_DIR);
    fs.mkdirSync(this.#temporaries, { recursive: true });
  }

  async stage(source: Readable, limit: number, tooLarge: () => Error, options?: StageOptions): Promise<StagedBlob> {
    const temporary = path.join(this.#temporaries, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const handle = await fsp.open(temporary, 'wx');
    const sink = new HashingFileSink(handle, limit, tooLarge, options);
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (e: Error) => {
          // Stop reading the request but leave its socket alone, so the error can still be answered.
          source.unpipe(sink);
          source.pause();
          sink.destroy();
          reject(e);
        };
        // A source that fails or closes early is a client that went away (ECONNRESET): its fault, not a server failure.
        const interrupted = () => fail(new CapsuleError('bad_request', 'The upload was interrupted before the end of the file.'));
        source.once('error', interrupted);
        source.once('close', () => {
          if (!source.readableEnded) interrupted();
        });
        sink.once('error', fail);
        sink.once('finish', resolve);
        // The client may have gone while the caller was still checking the request: 'close' is past.
        if (source.destroyed && !source.readableEnded) return interrupted();
        source.pipe(sink);
      });
    } catch (e) {
      await handle.close().catch(() => {});
      await fsp.rm(temporary, { force: true });
      throw e;
    }
    await handle.close();
    const staged: StagedBlob = { size: sink.size, ...sink.digests! };
    this.#staged.set(staged, temporary);
    return staged;
  }

  async place(staged: StagedBlob, location: string): Promise<void> {
    const target = this.#path(location);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(this.#temporaryOf(staged), target);
    this.#staged.delete(staged);
    await syncDirectory(path.dirname(target));
  }

  async discard(staged: StagedBlob): Promise<void> {
    const temporary = this.#staged.get(staged);
    if (temporary === undefined) return;
    this.#staged.delete(staged);
    await fsp.rm(temporary, { force: true });
  }

  read(location: string, span?: ByteSpan): Readable {
    return new FileReadStream(this.#path(location), span);
  }

  async remove(location: string): Promise<void> {
    await fsp.rm(this.#path(location), { force: true });
  }

  async sizeOf(location: string): Promise<number | undefined> {
    try {
      return (await fsp.stat(this.#path(location))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async *entries(): AsyncIterable<StoredEntry> {
    for (const dir of await fsp.readdir(this.#root, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      const kind = dir.name === TEMPORARY_DIR ? 'temporary' : 'blob';
      for (const name of await fsp.readdir(path.join(this.#root, dir.name))) {
        const stat = await fsp.stat(path.join(this.#root, dir.name, name)).catch(() => undefined);
        if (!stat) continue; // removed while listing
        yield { kind, name: kind === 'blob' ? `${dir.name}/${name}` : name, size: stat.size, modified: stat.mtime };
      }
    }
  }

  async removeTemporary(name: string): Promise<void> {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`Not a temporary name: ${name}`);
    await fsp.rm(path.join(this.#temporaries, name), { force: true });
  }

  #temporaryOf(staged: StagedBlob): string {
    const temporary = this.#staged.get(staged);
    if (temporary === undefined) throw new Error('This blob was not staged here, or was already placed or discarded.');
    return temporary;
  }

  #path(location: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{62}-[0-9a-f]{8,}$/.test(location)) throw new Error(`Not a blob location: ${location}`);
    return path.join(this.#root, location);
  }
}

/** A fresh location for content with this sha256: content-addressed, and distinct for each time it is stored. */
export function blobLocation(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2)}-${randomBytes(4).toString('hex')}`;
}
