import { CapsuleError } from '../errors/capsule-error.js';
import { BUILTIN_FACETS } from '../search/facet-index.js';

export const MAX_PAGE_SIZE = 100;

/** A search request, as CAP clients send it: q, page from 1, size, sort, by_me, and facet filters by name. */
export interface ListQuery {
  /** The query string; empty matches everything. */
  q: string;
  page: number;
  size: number;
  /** `bestmatch`, `mostrecent`, or a field with `-` for descending; checked against the fields by the search. */
  sort: string;
  /** The cursor of a `links.next`: the page continues after it. */
  after?: string;
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

function single(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new CapsuleError('bad_request', `${name} must be given once.`, [{ field: [name], message: 'given more than once' }]);
  return raw;
}

/**
 * Reads query parameters; a parameter named after any declared facet filters on it. Counting
 * every facet of every schema would be noise, so a collection's own facets are counted once
 * the query selects that collection. Without a sort, a query with words is ordered by best
 * match and an empty one by most recent first.
 */
export function parseListQuery(query: Record<string, unknown>, facetsBySchema: ReadonlyMap<string, readonly string[]>): ListQuery {
  const declared = new Set<string>([...BUILTIN_FACETS, ...[...facetsBySchema.values()].flat()]);
  const selected = valuesOf(query.collection);
  const facets = [...new Set([...BUILTIN_FACETS, ...selected.flatMap((name) => facetsBySchema.get(name) ?? [])])];
  const q = single('q', query.q) ?? '';
  const filters = new Map<string, string[]>();
  for (const facet of declared) {
    const values = valuesOf(query[facet]);
    if (values.length) filters.set(facet, values);
  }
  const after = single('after', query.after);
  return {
    q,
    page: positive('page', query.page, 1, 1_000_000),
    size: positive('size', query.size, 10, MAX_PAGE_SIZE),
    sort: single('sort', query.sort) || (q.trim() ? 'bestmatch' : 'mostrecent'),
    ...(after ? { after } : {}),
    byMe: typeof query.by_me === 'string' && /^(true|1|yes)$/i.test(query.by_me),
    filters,
    facets,
  };
}
