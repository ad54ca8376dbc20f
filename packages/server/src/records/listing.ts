import type { Kysely } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import type { Tables } from '../db/tables.js';
import type { FacetScope } from '../search/facet-index.js';
import { FieldCatalog } from '../search/field-catalog.js';
import { SearchService, type Bucket, type SearchDatabase, type SearchResult } from '../search/search-service.js';
import type { ListQuery } from './list-query.js';

export type { Bucket };
export type ListResult = SearchResult;

/** One search service per database handle: it caches the fields the schemas declare. */
const services = new WeakMap<Kysely<Tables>, SearchService>();

function serviceFor(deps: SearchDatabase): SearchService {
  let service = services.get(deps.db);
  if (!service) {
    service = new SearchService(deps, new FieldCatalog(deps.db));
    services.set(deps.db, service);
  }
  return service;
}

/**
 * One page of drafts (scope `draft`) or of published records (scope `published`) that the caller
 * may read and that match the query, with facet counts (search/search-service.ts).
 */
export async function listRecords(deps: SearchDatabase, caller: Caller, scope: FacetScope, q: ListQuery): Promise<ListResult> {
  return serviceFor(deps).search(caller, { scope, ...q });
}
