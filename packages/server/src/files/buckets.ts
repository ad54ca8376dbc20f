import type { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Caller } from '../accounts/account-types.js';
import type { Database, DialectName } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError, notFound } from '../errors/capsule-error.js';
import type { Deposits } from '../records/deposits.js';
import type { PublishedRecords } from '../records/published-records.js';
import type { BlobStore, ByteSpan, StageOptions } from './blob-store.js';
import { bucketStore, newFileId } from './bucket-store.js';
import { draftBuckets } from './draft-buckets.js';
import { checkFiles, type FileCheckOptions, type FileCheckReport } from './file-check.js';
import { versionKey } from './file-items.js';
import type { Bucket, BucketContents, StoredFile, StoredObject } from './file-types.js';
import { blobLocation } from './local-disk-store.js';
import { parseObjectKey, parseObjectTags, type ObjectTags } from './object-keys.js';

export interface BucketDeps {
  db: Kysely<Tables>;
  dialect: DialectName;
  write: Database['write'];
  store: BlobStore;
  deposits: Deposits;
  records: PublishedRecords;
  log: Logger;
  maxFileSize: number;
  bucketQuota: number;
}

/** What a caller sends with an upload besides the bytes, and how its body's chunks may be handled. */
export interface UploadRequest extends StageOptions {
  /** Declared length of the body, when the client sent Content-Length. */
  contentLength?: number;
  /** `X-CAP-File-Tags`. */
  tags?: string;
}

/** How an object is stored, besides its bytes. */
export interface StoreOptions {
  tags?: ObjectTags;
  /** A per-file limit below the configured one. */
  limit?: number;
  /** More writes for the same transaction as the object row. */
  alongside?: (trx: Transaction<Tables>, object: StoredObject) => Promise<void>;
}

/** A bucket as the caller may use it. */
interface Access {
  bucket: Bucket;
  writable: boolean;
}

const tooLarge = (message: string) => () => new CapsuleError('payload_too_large', message);
const noSuchBucket = () => notFound('This bucket does not exist.');
const noSuchFile = (key: string) => notFound(`There is no file ${JSON.stringify(key)} in this bucket.`);

/** The caller may read the analysis but not change it. */
export const notAllowedToChangeFiles = () => new CapsuleError('forbidden', 'You may not change the files of this analysis.');

/** A locked bucket: a published version's, or a draft's while its analysis is published. */
export function filesLocked(kind: Bucket['kind']): CapsuleError {
  return new CapsuleError(
    'forbidden',
    kind === 'version' ? 'The files of a published version never change.' : 'The files of a published analysis are locked: edit the analysis to change them.',
  );
}

/**
 * Buckets of files: one per draft, one (locked) per published version. Who may read or
 * write a bucket is who may read or change its analysis: the deposit and record services
 * decide, this one only asks. Uploads stream to the blob store and are recorded with the object
 * in one transaction; identical content is stored once.
 */
export class Buckets {
  readonly #d: BucketDeps;

  constructor(deps: BucketDeps) {
    this.#d = deps;
  }

  get limits(): { maxFileSize: number; bucketQuota: number } {
    return { maxFileSize: this.#d.maxFileSize, bucketQuota: this.#d.bucketQuota };
  }

  /** A bucket and everything in it, with the bytes it uses. */
  async list(caller: Caller, bucketId: string): Promise<BucketContents & { used: number }> {
    const { bucket } = await this.#access(caller, bucketId);
    const objects = await bucketStore.objects(this.#d.db, [bucket.id]);
    return { bucket, objects, used: objects.reduce((n, o) => n + o.file.size, 0) };
  }

  /** The files of a draft, by draft id (`GET /api/deposits/{id}/files`). */
  async ofDraft(caller: Caller, recordUuid: string): Promise<BucketContents> {
    await this.#d.deposits.get(caller, recordUuid);
    const bucket = await this.#draftBucket(recordUuid);
    return { bucket, objects: await bucketStore.objects(this.#d.db, [bucket.id]) };
  }

  /** The draft buckets of drafts the caller has already been shown, for item formats. */
  async contentsOfDrafts(recordUuids: readonly string[]): Promise<Map<string, BucketContents>> {
    const buckets = await bucketStore.draftBucketsOf(this.#d.db, recordUuids);
    return this.#contents(buckets, (b) => b.recordUuid);
  }

  /** The locked bucket of a published version the caller has already been shown, keyed `recid/version`. */
  async contentsOfVersions(versions: readonly { recid: string; version: number }[]): Promise<Map<string, BucketContents>> {
    const buckets = (await Promise.all(versions.map((v) => bucketStore.versionBucketOf(this.#d.db, v.recid, v.version)))).filter((b): b is Bucket => b !== undefined);
    return this.#contents(buckets, (b) => versionKey(b.recid!, b.version!));
  }

  /** One object, for download; with `versionId`, only while the key still holds that version. */
  async object(caller: Caller, bucketId: string, key: string, versionId?: string): Promise<StoredObject> {
    const { bucket } = await this.#access(caller, bucketId);
    const object = await bucketStore.object(this.#d.db, bucket.id, parseObjectKey(key));
    if (!object) throw noSuchFile(key);
    if (versionId !== undefined && versionId !== object.versionId) {
      throw notFound(`Version ${versionId} of ${JSON.stringify(key)} is no longer in this bucket; a published version's bucket keeps the files it was published with.`);
    }
    return object;
  }

  /** The bytes of an object found with `object`. */
  read(object: StoredObject, span?: ByteSpan): Readable {
    return this.#d.store.read(object.file.location, span);
  }

  /**
   * Stores `body` under `key`. Refuses before reading anything when it can (no access, locked,
   * the key exists, the declared length is over a limit), and mid-stream when the body outgrows
   * a limit. Nothing is visible until the object is committed.
   */
  async put(caller: Caller, bucketId: string, rawKey: string, body: Readable, request: UploadRequest = {}): Promise<StoredObject> {
    const key = parseObjectKey(rawKey);
    const tags = parseObjectTags(request.tags);
    const { bucket } = await this.#writable(caller, bucketId);
    if (await bucketStore.object(this.#d.db, bucket.id, key)) throw this.#exists(key);
    return this.#store(bucket, key, body, { tags, contentLength: request.contentLength, releaseChunks: request.releaseChunks, replace: false });
  }

  /**
   * Writes `key` in a draft's bucket, replacing what is there, for a service that has checked
   * the caller's rights to the draft itself (repository snapshots). `alongside` runs in the same
   * transaction as the object row. `limit` lowers the per-file limit.
   */
  async replaceInDraft(recordUuid: string, key: string, body: Readable, options: StoreOptions): Promise<StoredObject> {
    const bucket = await this.#draftBucket(recordUuid);
    if (bucket.locked) throw filesLocked(bucket.kind);
    const object = await this.#store(bucket, parseObjectKey(key), body, { ...options, replace: true });
    await this.collectGarbage();
    return object;
  }

  async #store(bucket: Bucket, key: string, body: Readable, options: StoreOptions & Pick<UploadRequest, 'contentLength' | 'releaseChunks'> & { replace: boolean }): Promise<StoredObject> {
    const { maxFileSize, bucketQuota } = this.#d;
    const fileLimit = Math.min(maxFileSize, options.limit ?? maxFileSize);
    const replaced = options.replace ? await bucketStore.object(this.#d.db, bucket.id, key) : undefined;
    const used = (await bucketStore.usedBytes(this.#d.db, bucket.id)) - (replaced?.file.size ?? 0);
    const overFileSize = `A file may hold at most ${fileLimit} bytes.`;
    const overQuota = `This bucket may hold at most ${bucketQuota} bytes and already holds ${used}.`;
    if (options.contentLength !== undefined && options.contentLength > fileLimit) throw tooLarge(overFileSize)();
    if (options.contentLength !== undefined && used + options.contentLength > bucketQuota) throw tooLarge(overQuota)();
    const limit = Math.min(fileLimit, bucketQuota - used);
    const staged = await this.#d.store.stage(body, limit, tooLarge(limit === fileLimit ? overFileSize : overQuota), { releaseChunks: options.releaseChunks });
    try {
      return await this.#d.write(async (trx) => {
        await this.#lockOpen(trx, bucket.id);
        const existing = await bucketStore.object(trx, bucket.id, key);
        if (existing && !options.replace) throw this.#exists(key);
        if ((await bucketStore.usedBytes(trx, bucket.id)) - (existing?.file.size ?? 0) + staged.size > bucketQuota) throw tooLarge(overQuota)();
        if (existing) await bucketStore.deleteObject(trx, bucket.id, key);
        const now = new Date().toISOString();
        let file = await bucketStore.fileBySha256(trx, this.#d.dialect, staged.sha256);
        let placed: StoredFile | undefined;
        if (!file) {
          const fresh: StoredFile = { id: newFileId(), sha256: staged.sha256, md5: staged.md5, size: staged.size, location: blobLocation(staged.sha256) };
          if (await bucketStore.insertFile(trx, fresh, now)) {
            await this.#d.store.place(staged, fresh.location);
            file = placed = fresh;
          } else {
            file = (await bucketStore.fileBySha256(trx, this.#d.dialect, staged.sha256))!;
          }
        }
        const object: StoredObject = { bucketId: bucket.id, key, versionId: newFileId(), tags: options.tags ?? {}, created: now, file };
        try {
          await bucketStore.insertObject(trx, { ...object, fileId: file.id });
          await options.alongside?.(trx, object);
        } catch (e) {
          // The transaction will not record the blob placed above: take it away again.
          if (placed) await this.#d.store.remove(placed.location);
          throw e;
        }
        return object;
      });
    } finally {
      await this.#d.store.discard(staged);
    }
  }

  async remove(caller: Caller, bucketId: string, rawKey: string): Promise<void> {
    const key = parseObjectKey(rawKey);
    const { bucket } = await this.#writable(caller, bucketId);
    await this.#d.write(async (trx) => {
      await this.#lockOpen(trx, bucket.id);
      if (!(await bucketStore.deleteObject(trx, bucket.id, key))) throw noSuchFile(key);
    });
    await this.collectGarbage();
  }

  /**
   * Deletes the files no object refers to any more (after an object is deleted, a draft is
   * discarded or deleted), rows first, then blobs once the rows are gone for good. It is
   * best-effort: if it races with an upload that reuses a file, it leaves it for the next run.
   */
  async collectGarbage(): Promise<number> {
    let gone: StoredFile[];
    try {
      gone = await this.#d.write((trx) => bucketStore.deleteUnreferencedFiles(trx));
    } catch (e) {
      this.#d.log.warn({ err: e }, 'file garbage collection deferred');
      return 0;
    }
    for (const file of gone) await this.#d.store.remove(file.location);
    return gone.length;
  }

  /** `capsule fsck`: re-reads every stored file; `repair` removes leftover temporaries only. */
  check(options: FileCheckOptions = {}): Promise<FileCheckReport> {
    return checkFiles(this.#d.db, this.#d.store, options);
  }

  // --- internals ---

  async #draftBucket(recordUuid: string): Promise<Bucket> {
    return (await bucketStore.draftBucketOf(this.#d.db, recordUuid)) ?? this.#d.write((trx) => draftBuckets.ensure(trx, recordUuid, new Date().toISOString()));
  }

  async #contents(buckets: Bucket[], keyOf: (b: Bucket) => string): Promise<Map<string, BucketContents>> {
    const objects = await bucketStore.objects(this.#d.db, buckets.map((b) => b.id));
    return new Map(buckets.map((b) => [keyOf(b), { bucket: b, objects: objects.filter((o) => o.bucketId === b.id) }]));
  }

  /** The bucket, if the caller may read what it belongs to (404 otherwise, as for the analysis itself). */
  async #access(caller: Caller, bucketId: string): Promise<Access> {
    const bucket = await bucketStore.bucket(this.#d.db, bucketId);
    if (!bucket) throw noSuchBucket();
    if (bucket.kind === 'draft') {
      const view = await this.#d.deposits.get(caller, bucket.recordUuid);
      return { bucket, writable: view.rights.update };
    }
    await this.#d.records.get(caller, bucket.recid!, bucket.version!);
    return { bucket, writable: false };
  }

  async #writable(caller: Caller, bucketId: string): Promise<Access> {
    const access = await this.#access(caller, bucketId);
    if (access.bucket.locked) throw filesLocked(access.bucket.kind);
    if (!access.writable) throw notAllowedToChangeFiles();
    return access;
  }

  /** Locks the bucket for the rest of the transaction, once it is known still to be open for changes. */
  async #lockOpen(trx: Transaction<Tables>, bucketId: string): Promise<void> {
    const current = await bucketStore.bucketForUpdate(trx, this.#d.dialect, bucketId);
    if (!current) throw noSuchBucket();
    if (current.locked) throw filesLocked(current.kind);
  }

  #exists(key: string): CapsuleError {
    return new CapsuleError('bad_request', `A file with key ${JSON.stringify(key)} already exists; delete it first to replace it.`, [
      { field: ['key'], message: 'already exists' },
    ]);
  }
}
