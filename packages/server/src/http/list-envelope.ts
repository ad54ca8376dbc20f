import type { FastifyRequest } from 'fastify';
import type { ListQuery } from '../records/list-query.js';
import type { Bucket } from '../records/listing.js';

/** CAP's search envelope: hits, total, aggregations, and links to the neighbouring pages. */
export function listEnvelope<T>(
  request: FastifyRequest,
  baseUrl: string,
  page: { items: T[]; total: number; aggregations: Record<string, { buckets: Bucket[] }>; query: ListQuery; next?: string },
) {
  const url = new URL(request.url, baseUrl);
  url.searchParams.delete('access_token');
  url.searchParams.delete('after');
  // The next page continues after the cursor of this one, so deep pages cost what the first does.
  const at = (n: number, after?: string) => {
    const u = new URL(url);
    u.searchParams.set('page', String(n));
    u.searchParams.set('size', String(page.query.size));
    if (after) u.searchParams.set('after', after);
    return u.toString();
  };
  const { page: n, size } = page.query;
  return {
    hits: { hits: page.items, total: page.total },
    aggregations: page.aggregations,
    links: {
      self: at(n),
      ...(n * size < page.total ? { next: at(n + 1, page.next) } : {}),
      ...(n > 1 ? { prev: at(n - 1) } : {}),
    },
  };
}
