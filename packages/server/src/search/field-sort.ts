import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { FieldSort } from './search-sort.js';

/**
 * SQL of a sort by a declared field. A document's key is the `search_values` row `v` holding
 * its smallest value of the field (largest when descending), so a page can be read by walking
 * the (field, value, doc_id) or (field, number, doc_id) index in order instead of computing
 * the key of every match and sorting them.
 */

/** `v` is a value of the field that can be a key: numbers only for a number field (the partial index holds only those). */
export const isFieldValue = (sort: FieldSort): RawBuilder<SqlBool> =>
  sort.column === 'number' ? sql<SqlBool>`v.field = ${sort.field} and v.number is not null` : sql<SqlBool>`v.field = ${sort.field}`;

/** `v` is its document's key: no value of the document comes before it (the text breaks ties, `2012` and `2012.0`). */
export function isSortKey(sort: FieldSort): RawBuilder<SqlBool> {
  const before = sort.descending ? sql`>` : sql`<`;
  const first =
    sort.column === 'number' ? sql`w.number ${before} v.number or (w.number = v.number and w.value ${before} v.value)` : sql`w.value ${before} v.value`;
  return sql<SqlBool>`not exists (select 1 from search_values w where w.doc_id = v.doc_id and w.field = v.field and (${first}))`;
}

/** Document `d` has a key for this sort (those without one come after those with one). */
export const hasSortKey = (sort: FieldSort): RawBuilder<SqlBool> =>
  sql<SqlBool>`exists (select 1 from search_values v where v.doc_id = d.id and ${isFieldValue(sort)})`;
