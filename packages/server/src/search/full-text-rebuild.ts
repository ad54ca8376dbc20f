import { sql, type Transaction } from 'kysely';
import type { Tables } from '../db/tables.js';
import { schemaStore } from '../schemas/schema-store.js';
import type { FacetScope } from './facet-index.js';
import { insertText } from './search-index.js';
import { searchDocumentOf } from './search-document.js';

/** Documents read and written at a time: a few MB of metadata. */
const CHUNK = 500;

/** What a search document's words are computed from: its record's head for a draft, the latest version when published. */
interface Source {
  id: number;
  scope: FacetScope;
  status: string;
  schema_name: string;
  schema_version: string;
  json: string;
}

/**
 * Writes SQLite's full-text rows of every search document again, into the per-scope FTS5 tables
 * (fts-tables.ts), from what each document is indexed from. The words cannot be read back from
 * an FTS5 table that keeps no copy of the text, so they are computed anew, as a write would.
 */
export async function rebuildFullText(db: Transaction<Tables>): Promise<void> {
  const schemas = new Map((await schemaStore.all(db)).map((s) => [`${s.name}@${s.version}`, s]));
  // A record imported as published has the same JSON in both scopes: parsed once, its document
  // is computed once too (searchDocumentOf keeps the last one per metadata object).
  let parsed: { json: string; metadata: unknown } | undefined;
  for (let after = 0; ; ) {
    const { rows } = await sql<Source>`
      select d.id, d.scope, case when d.scope = 'draft' then r.status else 'published' end as status,
        coalesce(v.schema_name, r.schema_name) as schema_name, coalesce(v.schema_version, r.schema_version) as schema_version, coalesce(v.json, r.json) as json
      from search_docs d
      join records r on r.uuid = d.record_uuid
      left join record_versions v on d.scope = 'published' and v.recid = r.recid and v.version = (select max(version) from record_versions where recid = r.recid)
      where d.id > ${after} order by d.id limit ${CHUNK}`.execute(db);
    if (rows.length === 0) return;
    const docs = rows.map((row) => {
      if (parsed?.json !== row.json) parsed = { json: row.json, metadata: JSON.parse(row.json) };
      const schema = schemas.get(`${row.schema_name}@${row.schema_version}`)!;
      return { id: Number(row.id), scope: row.scope, doc: searchDocumentOf(schema, row.status, parsed.metadata) };
    });
    await insertText(db, docs);
    after = Number(rows[rows.length - 1]!.id);
  }
}
