import type { DialectName } from '../db/database.js';
import { VersionedCache } from '../read-cache/versioned-cache.js';
import type { FacetScope } from './facet-index.js';
import type { Catalog } from './field-catalog.js';
import { compileQuery, type CompiledQuery } from './query-compiler.js';
import { parseQuery } from './query-syntax.js';

/** A query string compiled for one scope: its conditions testing side tables as whole sets, and one probe per candidate. */
export interface QueryPlan {
  compiled: CompiledQuery;
  probing: CompiledQuery;
}

/** How many query strings are kept compiled. */
const KEPT = 256;

/**
 * Queries compiled once per catalog generation (what they compile against): parsing and compiling
 * take longer than SQLite takes to answer a rare term, and the same queries come again (each
 * page of a result, a popular search). A query that does not parse is not kept: it is refused again.
 */
export class QueryPlans {
  readonly #dialect: DialectName;
  readonly #plans = new VersionedCache<string, QueryPlan>(KEPT);

  constructor(dialect: DialectName) {
    this.#dialect = dialect;
  }

  of(catalog: Catalog, scope: FacetScope, q: string): Promise<QueryPlan> {
    return this.#plans.read(String(catalog.generation), `${scope} ${q}`, async () => {
      const parsed = parseQuery(q);
      return { compiled: compileQuery(parsed, catalog.fields, this.#dialect, scope), probing: compileQuery(parsed, catalog.fields, this.#dialect, scope, 'probe') };
    });
  }
}
