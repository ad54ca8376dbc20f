import type { Readable } from 'node:stream';

/** Bytes received and checksummed, waiting (in a temporary) to be placed or thrown away. */
export interface StagedBlob {
  readonly size: number;
  /** Hex digests of the whole content. */
  readonly md5: string;
  readonly sha256: string;
}

/** How a source's bytes may be handled while staged. */
export interface StageOptions {
  /**
   * Its chunks are copies made for it alone (what the HTTP parser reads from a socket), so each
   * may be freed as soon as it is stored; never so for buffers a caller may still use.
   */
  releaseChunks?: boolean;
}

/** An inclusive byte range of a stored file. */
export interface ByteSpan {
  start: number;
  end: number;
}

/** What a store holds: placed blobs by location, and temporaries left by uploads that never finished. */
export interface StoredEntry {
  kind: 'blob' | 'temporary';
  /** A blob's location, or a temporary's name. */
  name: string;
  size: number;
  modified: Date;
}

/**
 * Where file contents live. A blob is written once: staged from a stream (checksummed on the
 * way, durable before `stage` resolves), then placed at a location the database records in the
 * same transaction, or discarded. Local disk is the default; an S3-compatible store implements
 * the same interface (stage as a multipart upload to a temporary key, place as a copy).
 */
export interface BlobStore {
  /**
   * Streams `source` to a temporary, computing md5 and sha256. More than `limit` bytes: aborts,
   * removes the temporary and throws `payload_too_large` without reading the rest. A source that
   * fails or closes before its end: removes the temporary and throws `bad_request`.
   */
  stage(source: Readable, limit: number, tooLarge: () => Error, options?: StageOptions): Promise<StagedBlob>;
  /** Makes a staged blob durable at `location` (a fresh name nothing else uses). */
  place(staged: StagedBlob, location: string): Promise<void>;
  /** Removes a staged temporary that will not be placed. */
  discard(staged: StagedBlob): Promise<void>;
  /** The bytes at `location`, all or a span. */
  read(location: string, span?: ByteSpan): Readable;
  /** Removes a placed blob; a missing one is not an error. */
  remove(location: string): Promise<void>;
  /** Whether a blob is at `location`, and its size. */
  sizeOf(location: string): Promise<number | undefined>;
  /** Everything stored: placed blobs and temporaries. */
  entries(): AsyncIterable<StoredEntry>;
  /** Removes a temporary by name (fsck --repair). */
  removeTemporary(name: string): Promise<void>;
}
