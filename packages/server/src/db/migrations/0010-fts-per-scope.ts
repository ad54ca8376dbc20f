import { sql, type Transaction } from 'kysely';
import type { Tables } from '../tables.js';
import { ftsTable } from '../../search/fts-tables.js';
import { rebuildFullText } from '../../search/full-text-rebuild.js';
import type { CapsuleMigration } from './migration.js';

/**
 * SQLite: the full-text words in one FTS5 table per scope (search/fts-tables.ts) instead of one
 * for both, so a search scores only its own scope's matches. The words are computed again from
 * the records, as the old table kept no copy of them. One transaction (SQLite's DDL is
 * transactional, and migrations there run without one): a stop midway leaves the old table.
 * Its record in the migrations table is written after that commit: a stop between the two runs
 * it again, and finding the old table gone it has nothing left to do.
 * PostgreSQL keeps its tsvector column: its matches come from the GIN index, which holds no
 * scores, and each scope's rows are ranked only after the scope is chosen.
 */
export const ftsPerScopeMigration: CapsuleMigration = {
  name: '0010-fts-per-scope',
  async up(migrating, dialect) {
    if (dialect !== 'sqlite') return;
    await migrating.transaction().execute(async (db) => {
      const { rows } = await sql`select 1 from sqlite_schema where type = 'table' and name = 'search_fts'`.execute(db);
      if (rows.length === 0) return;
      for (const scope of ['draft', 'published'] as const) {
        await sql`create virtual table ${ftsTable(scope)} using fts5(title, ids, abstract, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
      }
      await rebuildFullText(db as unknown as Transaction<Tables>);
      await sql`drop table search_fts`.execute(db);
    });
  },
};
