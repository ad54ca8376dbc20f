import { sql } from 'kysely';
import { checkIn } from './check-in.js';
import type { CapsuleMigration } from './migration.js';

/**
 * Search side tables, written in the same transaction as every record write.
 * `search_docs`: one row per record and scope (its draft, its latest published version), with
 * the sort keys; the full text lives in an FTS5 table keyed by the same id on SQLite and in a
 * weighted tsvector column with a GIN index on PostgreSQL. `search_values`: typed values of the
 * fields a query may name (`cadi_id:`, `year:[2010 TO 2012]`), lowercased for exact matches.
 */
export const searchMigration: CapsuleMigration = {
  name: '0003-search',
  async up(db, dialect) {
    let docs = db.schema.createTable('search_docs');
    docs =
      dialect === 'postgres'
        ? docs.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        : docs.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    docs = docs
      .addColumn('record_uuid', 'text', (c) => c.notNull().references('records.uuid'))
      .addColumn('scope', 'text', (c) => c.notNull().check(checkIn('scope', ['draft', 'published'])))
      .addColumn('updated', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addUniqueConstraint('search_docs_record', ['record_uuid', 'scope']);
    if (dialect === 'postgres') docs = docs.addColumn('tsv', sql`tsvector`, (c) => c.notNull());
    await docs.execute();
    await db.schema.createIndex('search_docs_updated').on('search_docs').columns(['scope', 'updated', 'id']).execute();
    await db.schema.createIndex('search_docs_title').on('search_docs').columns(['scope', 'title', 'id']).execute();
    // The record columns a search reads (access, filters, sort), so it never reads a record's
    // row: on SQLite `deleted` and `created` sit after the JSON document, in its overflow pages.
    await db.schema.createIndex('records_search').on('records').columns(['uuid', 'schema_name', 'recid', 'deleted', 'created_by', 'created']).execute();
    if (dialect === 'postgres') {
      await sql`create index search_docs_tsv on search_docs using gin (tsv)`.execute(db);
    } else {
      // Documents arrive already split into lowercase words (search/text-tokens.ts), so both
      // dialects see the same terms; the table keeps no copy of the text.
      await sql`create virtual table search_fts using fts5(title, ids, abstract, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
    }

    // Clustered by document (WITHOUT ROWID on SQLite), so a document's values are one range and
    // need no index of their own; numbers are indexed only where there are numbers.
    const values = db.schema
      .createTable('search_values')
      .addColumn('doc_id', 'integer', (c) => c.notNull().references('search_docs.id'))
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('number', 'double precision')
      .addPrimaryKeyConstraint('search_values_pk', ['doc_id', 'field', 'value']);
    await (dialect === 'sqlite' ? values.modifyEnd(sql`without rowid`) : values).execute();
    await db.schema.createIndex('search_values_value').on('search_values').columns(['field', 'value', 'doc_id']).execute();
    await db.schema
      .createIndex('search_values_number')
      .on('search_values')
      .columns(['field', 'number', 'doc_id'])
      .where(sql.ref('number'), 'is not', null)
      .execute();
  },
};
