import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import { indexFirstConnections } from '../db/database.js';
import type { Tables } from '../db/tables.js';

/**
 * PostgreSQL: runs a ranked full-text statement on a connection with sequential scans disabled
 * (indexFirstConnections), so that its matches come from the GIN index. The planner costs a scan
 * of search_docs by the table's own pages (7,000 at 100,000 records) and not by the TOAST pages
 * behind each tsvector (5 kB on average), which a scan reads for every document it tests: when a
 * third of the documents matched (`muon`), it tested them all (1.0 s) instead of ranking the
 * matches the index gives (0.55 s). The setting belongs to those connections: the statement
 * needs no transaction around it, one round trip instead of three.
 */
export function rankedFromIndex<R>(db: Kysely<Tables>, statement: CompiledQuery<R>): Promise<QueryResult<R>> {
  const indexFirst = indexFirstConnections(db);
  if (indexFirst === undefined) throw new Error('A ranked page from the index needs a PostgreSQL handle made by openDatabase.');
  return indexFirst.executeQuery(statement);
}
