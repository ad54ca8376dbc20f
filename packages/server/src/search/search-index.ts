import { sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import type { StoredSchema } from '../schemas/schema-types.js';
import type { FacetScope } from './facet-index.js';
import { inChunks } from './in-chunks.js';
import { searchDocumentOf, type SearchDocument } from './search-document.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

/** One scope of one record, as it is now: what it is indexed from. */
export interface IndexedRecord {
  uuid: string;
  scope: FacetScope;
  schema: Pick<StoredSchema, 'name' | 'version' | 'experiment' | 'config'>;
  status: string;
  metadata: unknown;
  /** When this scope last changed. */
  updated: string;
}

/** Rows per multi-row insert of narrow rows, well under both dialects' limits on bound values. */
const CHUNK = 500;
const chunks = <T>(items: readonly T[], size = CHUNK) => inChunks(items, size);

/** PostgreSQL's weighted words: title A, ids B, abstract C, the rest D. */
const tsvectorOf = (d: SearchDocument) =>
  sql<string>`setweight(to_tsvector('simple', ${d.title}), 'A') || setweight(to_tsvector('simple', ${d.ids}), 'B') || setweight(to_tsvector('simple', ${d.abstract}), 'C') || setweight(to_tsvector('simple', ${d.body}), 'D')`;

/** Removes a record's search rows of one scope (facets, text, field values). */
async function removeDocument(db: Executor, dialect: DialectName, uuid: string, scope: FacetScope): Promise<void> {
  const old = await db.selectFrom('search_docs').select('id').where('record_uuid', '=', uuid).where('scope', '=', scope).executeTakeFirst();
  if (!old) return;
  await db.deleteFrom('search_values').where('doc_id', '=', old.id).execute();
  if (dialect === 'sqlite') await sql`delete from search_fts where rowid = ${old.id}`.execute(db);
  await db.deleteFrom('search_docs').where('id', '=', old.id).execute();
}

/**
 * Indexes records that have no search rows in these scopes yet, in the caller's transaction,
 * with multi-row inserts: facets, the document row with its words, and its field values.
 */
export async function insertSearchDocuments(db: Executor, dialect: DialectName, records: readonly IndexedRecord[]): Promise<void> {
  // A record imported as published is indexed in both scopes from the same metadata: compute it once.
  let previous: { record: IndexedRecord; doc: SearchDocument } | undefined;
  const docs = records.map((record) => {
    const same = previous && previous.record.metadata === record.metadata && previous.record.schema === record.schema && previous.record.status === record.status;
    previous = { record, doc: same ? previous!.doc : searchDocumentOf(record.schema, record.status, record.metadata) };
    return previous;
  });
  const facetRows = docs.flatMap(({ record, doc }) => {
    const unique = new Map(doc.facets.map((f) => [`${f.facet}\u0000${f.value}`, f]));
    return [...unique.values()].map((f) => ({ record_uuid: record.uuid, scope: record.scope, facet: f.facet, value: f.value }));
  });
  for (const rows of chunks(facetRows)) await db.insertInto('facets').values(rows).execute();

  const idOf = new Map<string, number>();
  for (const part of chunks(docs, 200)) {
    const rows = part.map(({ record, doc }) => ({
      record_uuid: record.uuid,
      scope: record.scope,
      updated: record.updated,
      title: doc.sortTitle,
      ...(dialect === 'postgres' ? { tsv: tsvectorOf(doc) } : {}),
    }));
    const inserted = await db.insertInto('search_docs').values(rows).returning(['id', 'record_uuid', 'scope']).execute();
    for (const row of inserted) idOf.set(`${row.record_uuid} ${row.scope}`, Number(row.id));
  }
  const withIds = docs.map((d) => ({ ...d, id: idOf.get(`${d.record.uuid} ${d.record.scope}`)! }));
  if (dialect === 'sqlite') {
    for (const part of chunks(withIds, 200)) {
      const tuples = part.map(({ id, doc }) => sql`(${id}, ${doc.title}, ${doc.ids}, ${doc.abstract}, ${doc.body})`);
      await sql`insert into search_fts (rowid, title, ids, abstract, body) values ${sql.join(tuples)}`.execute(db);
    }
  }
  const valueRows = withIds.flatMap(({ id, doc }) => doc.values.map((v) => ({ doc_id: id, field: v.field, value: v.value, number: v.number })));
  for (const rows of chunks(valueRows)) await db.insertInto('search_values').values(rows).execute();
}

/**
 * Brings one scope of one record's search rows up to date in the caller's transaction; `null`
 * removes them (a deleted draft). Every write that changes a record calls this once.
 */
export async function indexRecord(db: Executor, dialect: DialectName, uuid: string, scope: FacetScope, record: Omit<IndexedRecord, 'uuid' | 'scope'> | null): Promise<void> {
  await db.deleteFrom('facets').where('record_uuid', '=', uuid).where('scope', '=', scope).execute();
  await removeDocument(db, dialect, uuid, scope);
  if (record) await insertSearchDocuments(db, dialect, [{ ...record, uuid, scope }]);
}
