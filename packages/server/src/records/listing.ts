import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import { readableBy } from '../access/access-filter.js';
import type { Tables } from '../db/tables.js';
import type { FacetScope } from '../search/facet-index.js';
import type { ListQuery } from './list-query.js';

export interface Bucket {
  key: string;
  doc_count: number;
}

export interface ListResult {
  /** Record uuids of the page, in order. */
  uuids: string[];
  total: number;
  aggregations: Record<string, { buckets: Bucket[] }>;
}

type WithR = Tables & { r: Tables['records'] };
type Base = SelectQueryBuilder<WithR, 'r', object>;

/** How many values of a facet are counted at most. */
const BUCKETS = 50;

/**
 * One page of drafts (scope `draft`) or of published records (scope `published`) that the caller
 * may read, with facet counts. A facet's own selection does not narrow its own counts, so a user
 * can widen a selection as well as narrow it.
 */
export async function listRecords(db: Kysely<Tables>, caller: Caller, scope: FacetScope, q: ListQuery): Promise<ListResult> {
  const base = (except?: string): Base => {
    let query = db.selectFrom('records as r').where('r.deleted', 'is', null).where(readableBy(caller, scope)) as Base;
    if (scope === 'published') query = query.where('r.recid', 'is not', null);
    if (q.byMe && caller.kind === 'user') query = query.where('r.created_by', '=', caller.user.id);
    for (const [facet, values] of q.filters) {
      if (facet === except) continue;
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('facets as f')
            .select('f.record_uuid')
            .whereRef('f.record_uuid', '=', 'r.uuid')
            .where('f.scope', '=', scope)
            .where('f.facet', '=', facet)
            .where('f.value', 'in', values),
        ),
      );
    }
    return query;
  };

  const filtered = base();
  const ordered =
    scope === 'draft'
      ? filtered.orderBy('r.updated', 'desc')
      : filtered.orderBy(
          (eb) => eb.selectFrom('record_versions as v').select((e) => e.fn.max('v.published').as('p')).whereRef('v.recid', '=', 'r.recid'),
          'desc',
        );
  const [rows, count, ...facetCounts] = await Promise.all([
    ordered.orderBy('r.uuid', 'desc').select('r.uuid').limit(q.size).offset((q.page - 1) * q.size).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ...q.facets.map((facet) =>
      db
        .selectFrom('facets as f')
        .select(['f.value as key', (eb) => eb.fn.countAll<number>().as('doc_count')])
        .where('f.scope', '=', scope)
        .where('f.facet', '=', facet)
        .where('f.record_uuid', 'in', base(facet).select('r.uuid'))
        .groupBy('f.value')
        .orderBy(sql`count(*)`, 'desc')
        .orderBy('f.value')
        .limit(BUCKETS)
        .execute(),
    ),
  ]);
  const aggregations: ListResult['aggregations'] = {};
  q.facets.forEach((facet, i) => {
    aggregations[facet] = { buckets: facetCounts[i]!.map((b) => ({ key: b.key, doc_count: Number(b.doc_count) })) };
  });
  return { uuids: rows.map((r) => r.uuid), total: Number(count.n), aggregations };
}
