import { sql, type RawBuilder } from 'kysely';
import { CapsuleError } from '../errors/capsule-error.js';
import type { FieldType } from './search-fields.js';

/**
 * A result order. `key` is the SQL of the sort key over `d` (the search document) and `r` (the
 * record); `keyset` says whether pages can continue after a cursor instead of an offset, which
 * keeps deep pages as fast as the first.
 */
export interface SortOrder {
  name: string;
  kind: 'rank' | 'key';
  key: RawBuilder<string | number>;
  descending: boolean;
  keyset: boolean;
}

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
 * name, `-` in front for descending: `title`, `-created`, `year`. Declared number, date and keyword
 * fields sort by their smallest value (largest when descending).
 */
export function parseSort(raw: string, hasText: boolean, fields: ReadonlyMap<string, FieldType>): SortOrder {
  if (raw === 'bestmatch' && hasText) return { name: raw, kind: 'rank', key: sql`0`, descending: true, keyset: false };
  if (raw === 'bestmatch' || raw === 'mostrecent') return { name: raw, kind: 'key', key: RECORD_KEYS.updated!(), descending: true, keyset: true };
  const descending = raw.startsWith('-');
  const name = descending ? raw.slice(1) : raw;
  const record = RECORD_KEYS[name];
  if (record) return { name: raw, kind: 'key', key: record(), descending, keyset: true };
  const type = fields.get(name);
  if (type) {
    const value = type === 'number' ? sql.ref('v.number') : sql.ref('v.value');
    const pick = descending ? sql`max(${value})` : sql`min(${value})`;
    const key = sql<string | number>`(select ${pick} from search_values v where v.doc_id = d.id and v.field = ${name})`;
    return { name: raw, kind: 'key', key, descending, keyset: false };
  }
  throw new CapsuleError('bad_request', `Unknown sort ${JSON.stringify(raw)}: use bestmatch, mostrecent, or a field (${[...Object.keys(RECORD_KEYS), ...fields.keys()].join(', ')}), with - for descending.`, [
    { field: ['sort'], message: 'unknown sort' },
  ]);
}
