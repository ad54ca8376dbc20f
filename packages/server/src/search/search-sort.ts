import { sql, type RawBuilder } from 'kysely';
import { CapsuleError } from '../errors/capsule-error.js';
import type { FieldType } from './search-fields.js';

/**
 * A result order: by rank, by a key of the search document or record (`key` is its SQL over `d`
 * and `r`; pages can continue after a cursor instead of an offset, which keeps deep pages as
 * fast as the first), or by a declared field's values in `search_values`.
 */
export type SortOrder =
  | { name: string; kind: 'rank'; descending: true }
  | { name: string; kind: 'key'; key: RawBuilder<string | number>; descending: boolean }
  | FieldSort;

/**
 * By a declared field: each document sorts by its smallest value (largest when descending), read
 * from the `search_values` row `v` that holds it; documents without a value come last either way.
 */
export interface FieldSort {
  name: string;
  kind: 'field';
  field: string;
  /** The column of `search_values` compared: numbers for number fields, the lowercased text else. */
  column: 'number' | 'value';
  descending: boolean;
}

/** Whether pages of this order can continue after a cursor (search-cursor.ts). */
export const hasKeyset = (sort: SortOrder): sort is Extract<SortOrder, { kind: 'key' }> => sort.kind === 'key';

const column = (ref: string): RawBuilder<string | number> => sql<string | number>`${sql.ref(ref)}`;

/** Sort keys of the record itself, indexed or cheap. */
const RECORD_KEYS: Record<string, () => RawBuilder<string | number>> = {
  updated: () => column('d.updated'),
  created: () => column('r.created'),
  title: () => column('d.title'),
  recid: () => sql<string>`coalesce(r.recid, '')`,
};

/**
 * `bestmatch` (rank, when the query has words; else most recent first), `mostrecent`, or a field
 * name, `-` in front for descending: `title`, `-created`, `year`.
 */
export function parseSort(raw: string, hasText: boolean, fields: ReadonlyMap<string, FieldType>): SortOrder {
  if (raw === 'bestmatch' && hasText) return { name: raw, kind: 'rank', descending: true };
  if (raw === 'bestmatch' || raw === 'mostrecent') return { name: raw, kind: 'key', key: RECORD_KEYS.updated!(), descending: true };
  const descending = raw.startsWith('-');
  const name = descending ? raw.slice(1) : raw;
  const record = RECORD_KEYS[name];
  if (record) return { name: raw, kind: 'key', key: record(), descending };
  const type = fields.get(name);
  if (type) return { name: raw, kind: 'field', field: name, column: type === 'number' ? 'number' : 'value', descending };
  throw new CapsuleError('bad_request', `Unknown sort ${JSON.stringify(raw)}: use bestmatch, mostrecent, or a field (${[...Object.keys(RECORD_KEYS), ...fields.keys()].join(', ')}), with - for descending.`, [
    { field: ['sort'], message: 'unknown sort' },
  ]);
}
