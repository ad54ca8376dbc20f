import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.js';
import type { BlobStore, StoredEntry } from './blob-store.js';
import { bucketStore } from './bucket-store.js';

export interface FileCheckOptions {
  /** Remove leftover temporaries of uploads that never finished (and nothing else). */
  repair?: boolean;
  /** Temporaries touched more recently than this may belong to an upload still under way: kept. */
  graceMs?: number;
}

/** What `capsule fsck` finds. Entries in the first three lists are problems. */
export interface FileCheckReport {
  /** Files whose bytes no longer hash to their recorded sha256 (or md5), or whose size changed. */
  corrupt: { fileId: string; location: string; reason: string }[];
  /** Files recorded in the database whose blob is gone. */
  missing: { fileId: string; location: string }[];
  /** Blobs in the store that no file row names. */
  unreferencedBlobs: { location: string; size: number }[];
  /** File rows that no object refers to: garbage the server collects at its next start or file deletion. */
  unreferencedFiles: { fileId: string; location: string }[];
  /** Temporaries of uploads that never finished; removed with `repair`. */
  temporaries: { name: string; size: number; removed: boolean }[];
  /** How many files were re-read, and how many bytes. */
  checked: { files: number; bytes: number };
}

export const isFileCheckClean = (r: FileCheckReport) =>
  r.corrupt.length === 0 && r.missing.length === 0 && r.unreferencedBlobs.length === 0 && r.temporaries.every((t) => t.removed);

async function digests(store: BlobStore, location: string): Promise<{ sha256: string; md5: string; size: number }> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  for await (const chunk of store.read(location) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    md5.update(chunk);
    size += chunk.length;
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex'), size };
}

/**
 * Re-reads every stored file and compares it with what the database recorded, then looks for
 * blobs and temporaries nothing refers to. Only temporaries are ever removed.
 */
export async function checkFiles(db: Kysely<Tables>, store: BlobStore, options: FileCheckOptions = {}): Promise<FileCheckReport> {
  const report: FileCheckReport = { corrupt: [], missing: [], unreferencedBlobs: [], unreferencedFiles: [], temporaries: [], checked: { files: 0, bytes: 0 } };
  // Listed before the rows are read: a blob placed by an upload after this point cannot look unreferenced.
  const entries: StoredEntry[] = [];
  for await (const entry of store.entries()) entries.push(entry);
  const files = await bucketStore.allFiles(db);
  const unreferenced = new Set(await bucketStore.unreferencedFileIds(db));
  const known = new Set<string>();
  for (const file of files) {
    known.add(file.location);
    if (unreferenced.has(file.id)) report.unreferencedFiles.push({ fileId: file.id, location: file.location });
    if ((await store.sizeOf(file.location)) === undefined) {
      report.missing.push({ fileId: file.id, location: file.location });
      continue;
    }
    const actual = await digests(store, file.location);
    report.checked.files++;
    report.checked.bytes += actual.size;
    const reason =
      actual.size !== file.size ? `size ${actual.size}, recorded ${file.size}`
      : actual.sha256 !== file.sha256 ? `sha256 ${actual.sha256}, recorded ${file.sha256}`
      : actual.md5 !== file.md5 ? `md5 ${actual.md5}, recorded ${file.md5}`
      : undefined;
    if (reason) report.corrupt.push({ fileId: file.id, location: file.location, reason });
  }
  const cutoff = Date.now() - (options.graceMs ?? 60_000);
  for (const entry of entries) {
    if (entry.kind === 'blob') {
      if (!known.has(entry.name)) report.unreferencedBlobs.push({ location: entry.name, size: entry.size });
      continue;
    }
    const removable = options.repair === true && entry.modified.getTime() <= cutoff;
    if (removable) await store.removeTemporary(entry.name);
    report.temporaries.push({ name: entry.name, size: entry.size, removed: removable });
  }
  return report;
}
