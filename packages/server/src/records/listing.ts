import type { Kysely } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import type { DialectName } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import type { FacetScope } from '../search/facet-index.js';
import { FieldCatalog } from '../search/field-catalog.js';
import { SearchService, type Bucket, type SearchResult } from '../search/search-service.js';
import type { ListQuery } from './list-query.js';

export type { Bucket };
export type ListResult = SearchResult;

/** One search service per database handle: it caches the fields the schemas declare. */
const services = new WeakMap<Kysely<Tables>, SearchService>();

function serviceFor(db: Kysely<Tables>, dialect: DialectName): SearchService {
  let service = services.get(db);
  if (!service) {
    service = new SearchService(db, dialect, new FieldCatalog(db));
    services.set(db, service);
  }
  return service;
}

/**
 * One page of drafts (scope `draft`) or of published records (scope `published`) that the caller
 * may read and that match the query, with facet counts (search/search-service.ts).
 */
export async function listRecords(deps: { db: Kysely<Tables>; dialect: DialectName }, caller: Caller, scope: FacetScope, q: ListQuery): Promise<ListResult> {
  return serviceFor(deps.db, deps.dialect).search(caller, { scope, ...q });
}
