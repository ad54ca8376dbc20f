import type { Kysely, Selectable, Transaction } from 'kysely';
import type { RecordsTable, RecordVersionsTable, Tables } from '../db/tables.js';
import type { DialectName } from '../db/database.js';
import { preparedInsert, preparedQuery } from '../db/prepared-query.js';
import type { Metadata, PublishedVersion, RecordHead } from './record-types.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

/** How many analyses' metadata is kept parsed, a few KB each. */
const PARSED_CAPACITY = 500;

/**
 * The metadata last written or read of the analyses used most recently, with its JSON. A write
 * reads the head the previous write of the same draft stored: comparing the JSON costs far less
 * than parsing it, and the same object lets the search document computed from it be reused.
 * Metadata is never changed in place (applyJsonPatch copies what it changes).
 */
const parsed = new Map<string, { json: string; metadata: Metadata }>();

function remember(uuid: string, json: string, metadata: Metadata): void {
  parsed.delete(uuid);
  if (parsed.size >= PARSED_CAPACITY) parsed.delete(parsed.keys().next().value!);
  parsed.set(uuid, { json, metadata });
}

function metadataOf(uuid: string, json: string): Metadata {
  const known = parsed.get(uuid);
  if (known?.json === json) return known.metadata;
  const metadata = JSON.parse(json) as Metadata;
  remember(uuid, json, metadata);
  return metadata;
}

function headFromRow(row: Selectable<RecordsTable>): RecordHead {
  return {
    uuid: row.uuid,
    recid: row.recid,
    status: row.status,
    schemaName: row.schema_name,
    schemaVersion: row.schema_version,
    metadata: metadataOf(row.uuid, row.json),
    revision: Number(row.revision),
    createdBy: Number(row.created_by),
    created: row.created,
    updated: row.updated,
    clonedFrom: row.cloned_from,
    deleted: row.deleted,
  };
}

/** The row of a head whose metadata is `json`. */
function headToRow(head: Omit<RecordHead, 'metadata'>, json: string): RecordsTable {
  return {
    uuid: head.uuid,
    recid: head.recid,
    status: head.status,
    schema_name: head.schemaName,
    schema_version: head.schemaVersion,
    json,
    revision: head.revision,
    created_by: head.createdBy,
    created: head.created,
    updated: head.updated,
    cloned_from: head.clonedFrom,
    deleted: head.deleted,
  };
}

function versionFromRow(row: Selectable<RecordVersionsTable>): PublishedVersion {
  return {
    recid: row.recid,
    version: Number(row.version),
    recordUuid: row.record_uuid,
    schemaName: row.schema_name,
    schemaVersion: row.schema_version,
    metadata: JSON.parse(row.json),
    revision: Number(row.revision),
    publishedBy: Number(row.published_by),
    published: row.published,
  };
}

const headByUuid = preparedQuery((db, uuid: string) => db.selectFrom('records').selectAll().where('uuid', '=', uuid));
const lockedHeadByUuid = preparedQuery((db, uuid: string) => db.selectFrom('records').selectAll().where('uuid', '=', uuid).forUpdate());
const schemaByUuid = preparedQuery((db, uuid: string) => db.selectFrom('records').select(['schema_name', 'schema_version']).where('uuid', '=', uuid));
const insertHeadRows = preparedInsert('records', ['uuid', 'recid', 'status', 'schema_name', 'schema_version', 'json', 'revision', 'created_by', 'created', 'updated', 'cloned_from', 'deleted']);
const insertVersionRows = preparedInsert('record_versions', ['recid', 'version', 'record_uuid', 'schema_name', 'schema_version', 'json', 'revision', 'published_by', 'published']);
const updateHeadRow = preparedQuery((db, uuid: string, recid: string | null, status: string, json: string, revision: number, updated: string, deleted: string | null) =>
  db.updateTable('records').set({ recid, status: status as RecordsTable['status'], json, revision, updated, deleted }).where('uuid', '=', uuid),
);

/** Data access for analyses and their published versions: queries only. */
export const recordStore = {
  /** Keeps `metadata` as the parsed form of `json`, written for `uuid` elsewhere (by another thread's connection). */
  remember,

  async head(db: Executor, uuid: string): Promise<RecordHead | undefined> {
    const [row] = await headByUuid(db, uuid);
    return row && headFromRow(row);
  },

  /** Several heads, in the order of the uuids given. */
  async heads(db: Executor, uuids: readonly string[]): Promise<RecordHead[]> {
    if (uuids.length === 0) return [];
    const rows = await db.selectFrom('records').selectAll().where('uuid', 'in', [...uuids]).execute();
    const byUuid = new Map(rows.map((r) => [r.uuid, headFromRow(r)]));
    return uuids.map((u) => byUuid.get(u)).filter((h): h is RecordHead => h !== undefined);
  },

  /**
   * The head, locked for the rest of the transaction so concurrent writers queue instead of
   * overwriting each other. SQLite needs no row lock: its transactions take the write lock at BEGIN.
   */
  async headForUpdate(db: Transaction<Tables>, dialect: DialectName, uuid: string): Promise<RecordHead | undefined> {
    const [row] = await (dialect === 'postgres' ? lockedHeadByUuid : headByUuid)(db, uuid);
    return row && headFromRow(row);
  },

  /** Which schema an analysis follows; its metadata is not read. */
  async schemaOf(db: Executor, uuid: string): Promise<Pick<RecordHead, 'schemaName' | 'schemaVersion'> | undefined> {
    const [row] = await schemaByUuid(db, uuid);
    return row && { schemaName: row.schema_name, schemaVersion: row.schema_version };
  },

  async headByRecid(db: Executor, recid: string): Promise<RecordHead | undefined> {
    const row = await db.selectFrom('records').selectAll().where('recid', '=', recid).executeTakeFirst();
    return row && headFromRow(row);
  },

  async recidTaken(db: Executor, recid: string): Promise<boolean> {
    return (await db.selectFrom('records').select('uuid').where('recid', '=', recid).executeTakeFirst()) !== undefined;
  },

  /** `json` is each head's metadata serialized, as the caller stores it in other rows too. */
  async insertHeads(db: Executor, heads: readonly { head: RecordHead; json: string }[]): Promise<void> {
    await recordStore.insertHeadRows(db, heads);
    for (const { head, json } of heads) remember(head.uuid, json, head.metadata);
  },

  /** insertHeads without keeping the metadata parsed: the caller has only its JSON. */
  async insertHeadRows(db: Executor, heads: readonly { head: Omit<RecordHead, 'metadata'>; json: string }[]): Promise<void> {
    await insertHeadRows(db, heads.map(({ head, json }) => headToRow(head, json)));
  },

  /**
   * Writes what changes over an analysis's life; schema, creator and creation time never change.
   * Returns the metadata as stored, serialized.
   */
  async updateHead(db: Executor, head: RecordHead): Promise<string> {
    const { recid, status, json, revision, updated, deleted } = headToRow(head, JSON.stringify(head.metadata));
    await updateHeadRow(db, head.uuid, recid, status, json, revision, updated, deleted);
    remember(head.uuid, json, head.metadata);
    return json;
  },

  async insertVersion(db: Executor, v: PublishedVersion): Promise<void> {
    await recordStore.insertVersions(db, [{ version: v, json: JSON.stringify(v.metadata) }]);
  },

  /** `json` is each version's metadata serialized, as the caller stores it in other rows too. */
  async insertVersions(db: Executor, versions: readonly { version: PublishedVersion; json: string }[]): Promise<void> {
    await insertVersionRows(
      db,
      versions.map(({ version: v, json }) => ({
        recid: v.recid,
        version: v.version,
        record_uuid: v.recordUuid,
        schema_name: v.schemaName,
        schema_version: v.schemaVersion,
        json,
        revision: v.revision,
        published_by: v.publishedBy,
        published: v.published,
      })),
    );
  },

  async latestVersion(db: Executor, recid: string): Promise<PublishedVersion | undefined> {
    const row = await db.selectFrom('record_versions').selectAll().where('recid', '=', recid).orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row && versionFromRow(row);
  },

  async version(db: Executor, recid: string, version: number): Promise<PublishedVersion | undefined> {
    const row = await db.selectFrom('record_versions').selectAll().where('recid', '=', recid).where('version', '=', version).executeTakeFirst();
    return row && versionFromRow(row);
  },

  async versions(db: Executor, recid: string): Promise<PublishedVersion[]> {
    const rows = await db.selectFrom('record_versions').selectAll().where('recid', '=', recid).orderBy('version', 'asc').execute();
    return rows.map(versionFromRow);
  },

};
