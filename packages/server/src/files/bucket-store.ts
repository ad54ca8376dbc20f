import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { DialectName } from '../db/database.js';
import { preparedInsert } from '../db/prepared-query.js';
import type { BucketsTable, FilesTable, Tables } from '../db/tables.js';
import type { Bucket, StoredFile, StoredObject } from './file-types.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

const bucketFromRow = (r: Selectable<BucketsTable>): Bucket => ({
  id: r.id,
  recordUuid: r.record_uuid,
  kind: r.kind,
  recid: r.recid,
  version: r.version,
  locked: r.locked === 1,
  created: r.created,
});

const fileFromRow = (r: Pick<Selectable<FilesTable>, 'id' | 'sha256' | 'md5' | 'size' | 'location'>): StoredFile => ({
  id: r.id,
  sha256: r.sha256,
  md5: r.md5,
  size: Number(r.size),
  location: r.location,
});

/** A random UUID (with dashes, as clients see bucket and version ids). */
export const newFileId = () => randomUUID();

function objectsQuery(db: Executor) {
  return db
    .selectFrom('objects')
    .innerJoin('files', 'files.id', 'objects.file_id')
    .select([
      'objects.bucket_id',
      'objects.key',
      'objects.version_id',
      'objects.tags',
      'objects.created',
      'files.id',
      'files.sha256',
      'files.md5',
      'files.size',
      'files.location',
    ]);
}

type ObjectRow = Awaited<ReturnType<ReturnType<typeof objectsQuery>['executeTakeFirstOrThrow']>>;

const objectFromRow = (r: ObjectRow): StoredObject => ({
  bucketId: r.bucket_id,
  key: r.key,
  versionId: r.version_id,
  tags: JSON.parse(r.tags) as StoredObject['tags'],
  created: r.created,
  file: fileFromRow(r),
});

/** A file row that no object names. */
const noObjectRefersTo = ({ not, exists, selectFrom }: ExpressionBuilder<Tables, 'files'>) =>
  not(exists(selectFrom('objects').select('objects.key').whereRef('objects.file_id', '=', 'files.id')));

const insertBucketRows = preparedInsert('buckets', ['id', 'record_uuid', 'kind', 'recid', 'version', 'locked', 'created']);

/** Queries of buckets, objects and files; no rules. */
export const bucketStore = {
  async insertBucket(db: Executor, bucket: Bucket): Promise<void> {
    await insertBucketRows(db, [
      { id: bucket.id, record_uuid: bucket.recordUuid, kind: bucket.kind, recid: bucket.recid, version: bucket.version, locked: bucket.locked ? 1 : 0, created: bucket.created },
    ]);
  },

  async bucket(db: Executor, id: string): Promise<Bucket | undefined> {
    const row = await db.selectFrom('buckets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && bucketFromRow(row);
  },

  /** The bucket, locked for the rest of the transaction (SQLite's write transaction already is). */
  async bucketForUpdate(trx: Transaction<Tables>, dialect: DialectName, id: string): Promise<Bucket | undefined> {
    let query = trx.selectFrom('buckets').selectAll().where('id', '=', id);
    if (dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row && bucketFromRow(row);
  },

  async draftBucketOf(db: Executor, recordUuid: string): Promise<Bucket | undefined> {
    const row = await db.selectFrom('buckets').selectAll().where('record_uuid', '=', recordUuid).where('kind', '=', 'draft').executeTakeFirst();
    return row && bucketFromRow(row);
  },

  async draftBucketsOf(db: Executor, recordUuids: readonly string[]): Promise<Bucket[]> {
    if (recordUuids.length === 0) return [];
    const rows = await db.selectFrom('buckets').selectAll().where('record_uuid', 'in', [...recordUuids]).where('kind', '=', 'draft').execute();
    return rows.map(bucketFromRow);
  },

  async versionBucketOf(db: Executor, recid: string, version: number): Promise<Bucket | undefined> {
    const row = await db.selectFrom('buckets').selectAll().where('recid', '=', recid).where('version', '=', version).executeTakeFirst();
    return row && bucketFromRow(row);
  },

  async setLocked(db: Executor, id: string, locked: boolean): Promise<void> {
    await db.updateTable('buckets').set({ locked: locked ? 1 : 0 }).where('id', '=', id).execute();
  },

  async objects(db: Executor, bucketIds: readonly string[]): Promise<StoredObject[]> {
    if (bucketIds.length === 0) return [];
    const rows = await objectsQuery(db).where('objects.bucket_id', 'in', [...bucketIds]).orderBy('objects.bucket_id').orderBy('objects.key').execute();
    return rows.map(objectFromRow);
  },

  async object(db: Executor, bucketId: string, key: string): Promise<StoredObject | undefined> {
    const row = await objectsQuery(db).where('objects.bucket_id', '=', bucketId).where('objects.key', '=', key).executeTakeFirst();
    return row && objectFromRow(row);
  },

  async usedBytes(db: Executor, bucketId: string): Promise<number> {
    const row = await db
      .selectFrom('objects')
      .innerJoin('files', 'files.id', 'objects.file_id')
      .select((eb) => eb.fn.sum<number | string | null>('files.size').as('used'))
      .where('objects.bucket_id', '=', bucketId)
      .executeTakeFirst();
    return Number(row?.used ?? 0);
  },

  async insertObject(db: Executor, object: Omit<StoredObject, 'file'> & { fileId: string }): Promise<void> {
    await db
      .insertInto('objects')
      .values({ bucket_id: object.bucketId, key: object.key, version_id: object.versionId, file_id: object.fileId, tags: JSON.stringify(object.tags), created: object.created })
      .execute();
  },

  /** Copies every object of one bucket into another (empty) one: new version ids, the same files. */
  async copyObjects(db: Executor, from: string, to: string): Promise<void> {
    const rows = await db.selectFrom('objects').selectAll().where('bucket_id', '=', from).execute();
    if (rows.length === 0) return;
    await db
      .insertInto('objects')
      .values(rows.map((r) => ({ ...r, bucket_id: to, version_id: newFileId() })))
      .execute();
  },

  async deleteObject(db: Executor, bucketId: string, key: string): Promise<boolean> {
    const result = await db.deleteFrom('objects').where('bucket_id', '=', bucketId).where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async deleteObjects(db: Executor, bucketId: string): Promise<void> {
    await db.deleteFrom('objects').where('bucket_id', '=', bucketId).execute();
  },

  /** The file with this content, locked on PostgreSQL so that garbage collection cannot remove it under us. */
  async fileBySha256(trx: Transaction<Tables>, dialect: DialectName, sha256: string): Promise<StoredFile | undefined> {
    let query = trx.selectFrom('files').select(['id', 'sha256', 'md5', 'size', 'location']).where('sha256', '=', sha256);
    if (dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row && fileFromRow(row);
  },

  /** Records a new file; false when one with the same content was recorded first (by a concurrent upload). */
  async insertFile(db: Executor, file: StoredFile, now: string): Promise<boolean> {
    const inserted = await db
      .insertInto('files')
      .values({ ...file, created: now })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  /** Deletes files no object refers to any more and returns them, so their blobs can go after the commit. */
  async deleteUnreferencedFiles(db: Executor): Promise<StoredFile[]> {
    return (
      await db
        .deleteFrom('files')
        .where(noObjectRefersTo)
        .returning(['id', 'sha256', 'md5', 'size', 'location'])
        .execute()
    ).map(fileFromRow);
  },

  async unreferencedFileIds(db: Executor): Promise<string[]> {
    const rows = await db
      .selectFrom('files')
      .select('id')
      .where(noObjectRefersTo)
      .execute();
    return rows.map((r) => r.id);
  },

  async allFiles(db: Executor): Promise<StoredFile[]> {
    return (await db.selectFrom('files').select(['id', 'sha256', 'md5', 'size', 'location']).orderBy('location').execute()).map(fileFromRow);
  },
};
