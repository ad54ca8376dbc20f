import type { Transaction } from 'kysely';
import type { Tables } from '../db/tables.js';
import { bucketStore, newFileId } from './bucket-store.js';
import type { Bucket } from './file-types.js';

type Tx = Transaction<Tables>;

/** The draft's bucket; drafts made before files existed get an empty one the first time it is needed. */
async function ensure(trx: Tx, recordUuid: string, now: string): Promise<Bucket> {
  const found = await bucketStore.draftBucketOf(trx, recordUuid);
  if (found) return found;
  const bucket: Bucket = { id: newFileId(), recordUuid, kind: 'draft', recid: null, version: null, locked: false, created: now };
  await bucketStore.insertBucket(trx, bucket, now);
  return bucket;
}

/**
 * What the draft lifecycle does to files, each step inside the lifecycle action's own
 * transaction: a draft's bucket is open while it is a draft and locked while it is published;
 * every published version gets a locked bucket of its own that refers to the same files.
 */
export const draftBuckets = {
  ensure,

  /** A new draft gets an empty bucket. */
  async create(trx: Tx, recordUuid: string, now: string): Promise<void> {
    await ensure(trx, recordUuid, now);
  },

  /** A clone's bucket refers to the same files as the source draft's: no bytes are copied. */
  async clone(trx: Tx, fromUuid: string, toUuid: string, now: string): Promise<void> {
    const source = await ensure(trx, fromUuid, now);
    const target = await ensure(trx, toUuid, now);
    await bucketStore.copyObjects(trx, source.id, target.id);
  },

  /**
   * Publishing: the draft's bucket locks, then its objects become the version's (a locked bucket
   * of references). Locking first waits for an upload committing into the bucket, so the
   * version has exactly what the draft has.
   */
  async publish(trx: Tx, recordUuid: string, recid: string, version: number, now: string): Promise<void> {
    const draft = await ensure(trx, recordUuid, now);
    await bucketStore.setLocked(trx, draft.id, true);
    const snapshot: Bucket = { id: newFileId(), recordUuid, kind: 'version', recid, version, locked: true, created: now };
    await bucketStore.insertBucket(trx, snapshot, now);
    await bucketStore.copyObjects(trx, draft.id, snapshot.id);
  },

  /** Editing a published analysis opens its draft's bucket again; the versions' buckets stay locked. */
  async edit(trx: Tx, recordUuid: string, now: string): Promise<void> {
    await bucketStore.setLocked(trx, (await ensure(trx, recordUuid, now)).id, false);
  },

  /** Discarding returns the draft's bucket to the files of the latest published version, locked again. */
  async discard(trx: Tx, recordUuid: string, recid: string, version: number, now: string): Promise<void> {
    const draft = await ensure(trx, recordUuid, now);
    await bucketStore.setLocked(trx, draft.id, true);
    const published = await bucketStore.versionBucketOf(trx, recid, version);
    await bucketStore.deleteObjects(trx, draft.id);
    if (published) await bucketStore.copyObjects(trx, published.id, draft.id);
  },

  /** A deleted draft lets go of its files and takes no more. */
  async remove(trx: Tx, recordUuid: string, now: string): Promise<void> {
    const draft = await ensure(trx, recordUuid, now);
    await bucketStore.setLocked(trx, draft.id, true);
    await bucketStore.deleteObjects(trx, draft.id);
  },
};
