import { CapsuleError } from '../errors/capsule-error.js';
import { BUILTIN_FACETS } from '../search/facet-index.js';

export const MAX_PAGE_SIZE = 100;

/** A listing request, as CAP clients send it: page from 1, size, sort, by_me, and facet filters by name. */
export interface ListQuery {
  page: number;
  size: number;
  sort: 'mostrecent' | 'bestmatch';
  byMe: boolean;
  /** Facet name -> values; values of one facet are alternatives, different facets all apply. */
  filters: Map<string, string[]>;
  /** The facets to count: the built-in ones, and those of the collections the query selects. */
  facets: string[];
}

function positive(name: string, raw: unknown, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new CapsuleError('bad_request', `${name} must be a whole number from 1 to ${max}.`, [{ field: [name], message: `must be from 1 to ${max}` }]);
  }
  return n;
}

function valuesOf(raw: unknown): string[] {
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String).filter((v) => v !== '');
}

/**
 * Reads query parameters; a parameter named after any declared facet filters on it. Counting
 * every facet of every schema would be noise, so a collection's own facets are counted once
 * the query selects that collection.
 */
export function parseListQuery(query: Record<string, unknown>, facetsBySchema: ReadonlyMap<string, readonly string[]>): ListQuery {
  const declared = new Set<string>([...BUILTIN_FACETS, ...[...facetsBySchema.values()].flat()]);
  const selected = valuesOf(query.collection);
  const facets = [...new Set([...BUILTIN_FACETS, ...selected.flatMap((name) => facetsBySchema.get(name) ?? [])])];
  const sort = query.sort ?? 'mostrecent';
  if (sort !== 'mostrecent' && sort !== 'bestmatch') {
    throw new CapsuleError('bad_request', 'sort must be mostrecent or bestmatch.', [{ field: ['sort'], message: 'unknown sort' }]);
  }
  const filters = new Map<string, string[]>();
  for (const facet of declared) {
    const values = valuesOf(query[facet]);
    if (values.length) filters.set(facet, values);
  }
  return {
    page: positive('page', query.page, 1, 1_000_000),
    size: positive('size', query.size, 10, MAX_PAGE_SIZE),
    sort,
    byMe: typeof query.by_me === 'string' && /^(true|1|yes)$/i.test(query.by_me),
    filters,
    facets,
  };
}
