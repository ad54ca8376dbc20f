import { sql } from 'kysely';
import type { FacetScope } from './facet-index.js';

/**
 * SQLite's full-text words, one FTS5 table per scope, each keyed by the search document's id.
 * A search reads one scope, and FTS5 scores every match of its table before any other condition
 * applies: with both scopes in one table, each published record was scored twice, once for
 * its draft, and half of every ranking was thrown away.
 */
const FTS_TABLES: Record<FacetScope, string> = { draft: 'search_fts_draft', published: 'search_fts_published' };

/** The FTS5 table holding the words of a scope's documents. */
export const ftsTable = (scope: FacetScope) => sql.table(FTS_TABLES[scope]);
