import { CompiledQuery, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DialectName } from '../db/database.js';
import { atEndOfTransaction } from '../db/end-of-transaction.js';
import { preparedInsert, preparedQuery } from '../db/prepared-query.js';
import type { Tables } from '../db/tables.js';
import type { StoredSchema } from '../schemas/schema-types.js';
import type { FacetScope, FacetValue } from './facet-index.js';
import { ftsTable } from './fts-tables.js';
import { inChunks } from './in-chunks.js';
import { searchDocumentOf, type FieldValue, type SearchDocument } from './search-document.js';

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

/** What a scope of a record is indexed from, beside its identity. */
export type IndexedContent = Omit<IndexedRecord, 'uuid' | 'scope'>;

const insertFacets = preparedInsert('facets', ['record_uuid', 'scope', 'facet', 'value']);
const insertValues = preparedInsert('search_values', ['doc_id', 'field', 'value', 'number']);
/** SQLite's document rows; PostgreSQL's also carry their words, an expression of the text. */
const insertDocRows = preparedInsert('search_docs', ['record_uuid', 'scope', 'updated', 'title'], 200, ['id', 'record_uuid', 'scope']);
const docIdOf = preparedQuery((db, uuid: string, scope: FacetScope) => db.selectFrom('search_docs').select('id').where('record_uuid', '=', uuid).where('scope', '=', scope));
const deleteFacet = preparedQuery((db, uuid: string, scope: FacetScope, facet: string, value: string) =>
  db.deleteFrom('facets').where('record_uuid', '=', uuid).where('scope', '=', scope).where('facet', '=', facet).where('value', '=', value),
);
const deleteValue = preparedQuery((db, id: number, field: string, value: string) =>
  db.deleteFrom('search_values').where('doc_id', '=', id).where('field', '=', field).where('value', '=', value),
);
const touchDoc = preparedQuery((db, id: number, updated: string, title: string) => db.updateTable('search_docs').set({ updated, title }).where('id', '=', id));
const rewriteDoc = preparedQuery((db, id: number, updated: string, sortTitle: string, title: string, ids: string, abstract: string, body: string) =>
  db.updateTable('search_docs').set({ updated, title: sortTitle, tsv: tsvectorOf({ title, ids, abstract, body }) }).where('id', '=', id),
);
const deleteFacets = preparedQuery((db, uuid: string, scope: FacetScope) => db.deleteFrom('facets').where('record_uuid', '=', uuid).where('scope', '=', scope));
const deleteValues = preparedQuery((db, id: number) => db.deleteFrom('search_values').where('doc_id', '=', id));
const deleteDoc = preparedQuery((db, id: number) => db.deleteFrom('search_docs').where('id', '=', id));

type Text = Pick<SearchDocument, 'title' | 'ids' | 'abstract' | 'body'>;

/** PostgreSQL's weighted words: title A, ids B, abstract C, the rest D. */
const tsvectorOf = (d: Text) =>
  sql<string>`setweight(to_tsvector('simple', ${d.title}), 'A') || setweight(to_tsvector('simple', ${d.ids}), 'B') || setweight(to_tsvector('simple', ${d.abstract}), 'C') || setweight(to_tsvector('simple', ${d.body}), 'D')`;

/** Removes a record's search rows of one scope (facets, text, field values). */
async function removeDocument(db: Executor, dialect: DialectName, uuid: string, scope: FacetScope): Promise<void> {
  const [old] = await docIdOf(db, uuid, scope);
  if (!old) return;
  const id = Number(old.id);
  await deleteValues(db, id);
  if (dialect === 'sqlite') await deleteText(db, scope, id);
  await deleteDoc(db, id);
}

/**
 * Indexes records that have no search rows in these scopes yet, in the caller's transaction,
 * with multi-row inserts: facets, the document row with its words, and its field values.
 */
export async function insertSearchDocuments(db: Executor, dialect: DialectName, records: readonly IndexedRecord[]): Promise<void> {
  // A record imported as published is indexed in both scopes from the same metadata object: searchDocumentOf computes it once.
  await insertComputedDocuments(
    db,
    dialect,
    records.map((record) => ({ uuid: record.uuid, scope: record.scope, updated: record.updated, doc: searchDocumentOf(record.schema, record.status, record.metadata) })),
  );
}

/** One scope of one record with its search document computed (searchDocumentOf). */
export interface ComputedDocument {
  uuid: string;
  scope: FacetScope;
  updated: string;
  doc: SearchDocument;
}

/** insertSearchDocuments with the documents computed by the caller: rows of plain data, which another thread can be given. */
export async function insertComputedDocuments(db: Executor, dialect: DialectName, docs: readonly ComputedDocument[]): Promise<void> {
  const facetRows = docs.flatMap(({ uuid, scope, doc }) => facetRowsOf(uuid, scope, uniqueFacets(doc)));
  await insertFacets(db, facetRows);

  const idOf = new Map<string, number>();
  const rows = docs.map(({ uuid, scope, updated, doc }) => ({ row: { record_uuid: uuid, scope, updated, title: doc.sortTitle }, doc }));
  const inserted = dialect === 'postgres' ? await insertDocRowsWithWords(db, rows) : await insertDocRows(db, rows.map((r) => r.row));
  for (const row of inserted) idOf.set(`${row.record_uuid} ${row.scope}`, Number(row.id));
  const withIds = docs.map((d) => ({ ...d, id: idOf.get(`${d.uuid} ${d.scope}`)! }));
  if (dialect === 'sqlite') await insertText(db, withIds);
  await insertValues(db, withIds.flatMap(({ id, doc }) => valueRowsOf(id, doc.values)));
}

/** PostgreSQL's document rows with their weighted words, which are an expression and not a bound value. */
async function insertDocRowsWithWords(db: Executor, rows: readonly { row: DocRow; doc: SearchDocument }[]) {
  const inserted: { id: number; record_uuid: string; scope: FacetScope }[] = [];
  for (const part of inChunks(rows, 200)) {
    const withWords = part.map(({ row, doc }) => ({ ...row, tsv: tsvectorOf(doc) }));
    inserted.push(...(await db.insertInto('search_docs').values(withWords).returning(['id', 'record_uuid', 'scope']).execute()));
  }
  return inserted;
}

type DocRow = { record_uuid: string; scope: FacetScope; updated: string; title: string };

/**
 * SQLite statement texts on the full-text tables, built once each (per scope, and per row
 * count for inserts): building and compiling a statement with Kysely took longer than SQLite
 * takes to run it.
 */
const textStatements = new Map<string, string>();
async function runTextStatement(db: Executor, key: string, build: () => RawBuilder<unknown>, values: unknown[]): Promise<void> {
  let text = textStatements.get(key);
  if (!text) textStatements.set(key, (text = build().compile(db).sql));
  await db.executeQuery(CompiledQuery.raw(text, values));
}

type TextRow = { id: number; scope: FacetScope; doc: SearchDocument };

/**
 * SQLite's full-text rows, keyed by the document row's id, each in its scope's table. Written at
 * the end of the transaction, with those of the other writes of a group commit: written between
 * them, each would cost an index segment of its own (atEndOfTransaction).
 */
export const insertText = (db: Executor, docs: readonly TextRow[]) => atEndOfTransaction(db, writeText, docs);
const deleteText = (db: Executor, scope: FacetScope, id: number) => atEndOfTransaction(db, removeText, [{ scope, id }]);

async function writeText(db: Executor, docs: readonly TextRow[]): Promise<void> {
  for (const scope of ['draft', 'published'] as const) await insertTextOfScope(db, scope, docs.filter((d) => d.scope === scope));
}

async function removeText(db: Executor, rows: readonly Pick<TextRow, 'id' | 'scope'>[]): Promise<void> {
  for (const { scope, id } of rows) await runTextStatement(db, `delete ${scope}`, () => sql`delete from ${ftsTable(scope)} where rowid = ${null}`, [id]);
}

async function insertTextOfScope(db: Executor, scope: FacetScope, docs: readonly TextRow[]): Promise<void> {
  for (const part of inChunks(docs, 200)) {
    const build = () => {
      const tuple = sql`(${null}, ${null}, ${null}, ${null}, ${null})`;
      return sql`insert into ${ftsTable(scope)} (rowid, title, ids, abstract, body) values ${sql.join(part.map(() => tuple))}`;
    };
    await runTextStatement(db, `insert ${scope} ${part.length}`, build, part.flatMap(({ id, doc }) => [id, doc.title, doc.ids, doc.abstract, doc.body]));
  }
}

const facetKey = (f: FacetValue) => `${f.facet}\u0000${f.value}`;
/** Keyed by the primary key's columns and the number, so a value whose number changed is rewritten. */
const valueKey = (v: FieldValue) => `${v.field}\u0000${v.value}\u0000${v.number}`;

/** A document may name the same facet value twice (two datasets of one year): one row each. */
const uniqueFacets = (doc: SearchDocument): FacetValue[] => [...new Map(doc.facets.map((f) => [facetKey(f), f])).values()];

const facetRowsOf = (uuid: string, scope: FacetScope, facets: readonly FacetValue[]) => facets.map((f) => ({ record_uuid: uuid, scope, facet: f.facet, value: f.value }));
const valueRowsOf = (id: number, values: readonly FieldValue[]) => values.map((v) => ({ doc_id: id, field: v.field, value: v.value, number: v.number }));

/** What is in `from` and not in `to`, and the other way round, by key. */
function difference<T>(from: readonly T[], to: readonly T[], key: (item: T) => string): { removed: T[]; added: T[] } {
  const before = new Map(from.map((item) => [key(item), item]));
  const after = new Map(to.map((item) => [key(item), item]));
  return {
    removed: [...before].filter(([k]) => !after.has(k)).map(([, item]) => item),
    added: [...after].filter(([k]) => !before.has(k)).map(([, item]) => item),
  };
}

const sameText = (a: SearchDocument, b: SearchDocument) => a.title === b.title && a.ids === b.ids && a.abstract === b.abstract && a.body === b.body;

/**
 * Rewrites one scope of one record's search rows in the caller's transaction, whatever they
 * held; `null` removes them (a deleted draft).
 */
export async function indexRecord(db: Executor, dialect: DialectName, uuid: string, scope: FacetScope, record: IndexedContent | null): Promise<void> {
  await deleteFacets(db, uuid, scope);
  await removeDocument(db, dialect, uuid, scope);
  if (record) await insertSearchDocuments(db, dialect, [{ ...record, uuid, scope }]);
}

/**
 * Brings one scope of one record's search rows from what `before` gave to what `after` gives,
 * in the caller's transaction, writing only rows that differ: most edits change a field or two,
 * and the words, facets and values of the rest of the record stay as they are. `before` must be
 * what the rows were last indexed from (schema versions used by records never change, so the
 * same content gives the same rows).
 */
export async function reindexRecord(db: Executor, dialect: DialectName, uuid: string, scope: FacetScope, before: IndexedContent, after: IndexedContent): Promise<void> {
  const [row] = await docIdOf(db, uuid, scope);
  if (!row) return indexRecord(db, dialect, uuid, scope, after);
  const id = Number(row.id);
  const old = searchDocumentOf(before.schema, before.status, before.metadata);
  const doc = searchDocumentOf(after.schema, after.status, after.metadata);

  const facets = difference(uniqueFacets(old), uniqueFacets(doc), facetKey);
  for (const f of facets.removed) await deleteFacet(db, uuid, scope, f.facet, f.value);
  await insertFacets(db, facetRowsOf(uuid, scope, facets.added));

  const textChanged = !sameText(old, doc);
  if (dialect === 'postgres' && textChanged) {
    await rewriteDoc(db, id, after.updated, doc.sortTitle, doc.title, doc.ids, doc.abstract, doc.body);
  } else {
    await touchDoc(db, id, after.updated, doc.sortTitle);
  }
  if (dialect === 'sqlite' && textChanged) {
    await deleteText(db, scope, id);
    await insertText(db, [{ id, scope, doc }]);
  }

  const values = difference(old.values, doc.values, valueKey);
  for (const v of values.removed) await deleteValue(db, id, v.field, v.value);
  await insertValues(db, valueRowsOf(id, values.added));
}
