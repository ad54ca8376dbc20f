import type { Transaction } from 'kysely';
import type { Tables } from '../db/tables.js';
import { newDraftId } from '../records/record-ids.js';
import { bucketStore, newFileId } from './bucket-store.js';
import type { Bucket, BucketContents } from './file-types.js';

type Tx = Transaction<Tables>;

/**
 * A draft bucket's id: a UUID version 7, dashed as clients see bucket ids. Its leading timestamp
 * makes new buckets neighbours in the id index, as new drafts are in theirs, instead of each
 * insert dirtying a random page of it.
 */
const newDraftBucketId = () => newDraftId().replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

/** A new empty bucket for a draft that has none. */
async function insertDraftBucket(trx: Tx, recordUuid: string, now: string): Promise<Bucket> {
  const bucket: Bucket = { id: newDraftBucketId(), recordUuid, kind: 'draft', recid: null, version: null, locked: false, created: now };
  await bucketStore.insertBucket(trx, bucket);
  return bucket;
}

/** The draft's bucket; drafts made before files existed get an empty one the first time it is needed. */
async function ensure(trx: Tx, recordUuid: string, now: string): Promise<Bucket> {
  return (await bucketStore.draftBucketOf(trx, recordUuid)) ?? insertDraftBucket(trx, recordUuid, now);
}

/**
 * What the draft lifecycle does to files, each step inside the lifecycle action's own
 * transaction: a draft's bucket is open while it is a draft and locked while it is published;
 * every published version gets a locked bucket of its own that refers to the same files.
 */
export const draftBuckets = {
  ensure,

  /** A new draft gets an empty bucket: what is in it is known without asking. */
  async create(trx: Tx, recordUuid: string, now: string): Promise<BucketContents> {
    return { bucket: await insertDraftBucket(trx, recordUuid, now), objects: [] };
  },

  /** A clone (a new draft) gets a bucket referring to the same files as the source draft's: no bytes are copied. */
  async clone(trx: Tx, fromUuid: string, toUuid: string, now: string): Promise<void> {
    const source = await ensure(trx, fromUuid, now);
    const target = await insertDraftBucket(trx, toUuid, now);
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
    await bucketStore.insertBucket(trx, snapshot);
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
