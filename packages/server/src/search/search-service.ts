import { sql, type Compilable, type CompiledQuery, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import { readableBy } from '../access/access-filter.js';
import { committedDataVersion, type Database, type DialectName } from '../db/database.js';
import { CapsuleError } from '../errors/capsule-error.js';
import { VersionedCache } from '../read-cache/versioned-cache.js';
import type { Tables } from '../db/tables.js';
import type { FacetScope } from './facet-index.js';
import type { Catalog, FieldCatalog } from './field-catalog.js';
import { isAmong, textCondition, type Condition, type Membership, type SearchScope } from './query-compiler.js';
import { QueryPlans } from './query-plans.js';
import { decodeCursor, encodeCursor, type Cursor } from './search-cursor.js';
import { hasSortKey, isFieldValue, isSortKey } from './field-sort.js';
import { hasKeyset, parseSort, type FieldSort, type SortOrder } from './search-sort.js';
import { ftsTable } from './fts-tables.js';
import { fts5Match, tsquery, type TextQuery } from './text-query.js';

/** What a search reads through: the index-first connections serve ranked pages on PostgreSQL. */
export type SearchDatabase = Pick<Database, 'db' | 'dialect' | 'dataVersion' | 'indexFirst'>;

/** One search: what to match, how to order, which page, which facets to count. */
export interface SearchRequest {
  scope: FacetScope;
  /** The query string (query-syntax.ts); empty matches everything. */
  q: string;
  sort: string;
  page: number;
  size: number;
  /** A cursor from the previous page's `next`: continue after it instead of skipping rows. */
  after?: string;
  /** Only the caller's own records. */
  byMe: boolean;
  /** Facet name -> values; values of one facet are alternatives, different facets all apply. */
  filters: ReadonlyMap<string, readonly string[]>;
  facets: readonly string[];
}

export interface Bucket {
  key: string;
  doc_count: number;
}

export interface SearchResult {
  /** Record uuids of the page, in order. */
  uuids: string[];
  total: number;
  aggregations: Record<string, { buckets: Bucket[] }>;
  /** Cursor of the next page, when there is one and the sort allows it. */
  next?: string;
}

/** The total and facet counts of a search: what does not depend on the page. */
interface Aggregates {
  total: number;
  aggregations: Record<string, { buckets: Bucket[] }>;
}

/** How many searches' aggregates are kept between writes. */
const CACHED_SEARCHES = 256;

/**
 * Up to how many full-text matches counting facets per match beats reading the facets index in
 * full (at 100,000 records, 63,000 matches of `muon` took as long either way, all records 40% longer per match).
 */
const FEW_MATCHES = 20_000;

/** How many values of a facet are counted at most. */
const BUCKETS = 50;
/** bm25 weights of the FTS5 columns title, ids, abstract, body. */
const FTS_WEIGHTS = sql`50.0, 20.0, 5.0, 1.0`;

type Base = SelectQueryBuilder<SearchScope, 'd' | 'r', object>;

/** A row of a page: the record, its search document, and its sort key (for the cursor). */
interface PageRow {
  uuid: string;
  id: number;
  key: string | number | null;
}

/** Which matching set: without one facet's own filter (its counts), started from the ranked words, with side tables tested how. */
interface BaseOptions {
  except?: string;
  ranked?: boolean;
  membership?: Membership;
  /** Ranked on SQLite: start from this many best matches (and the exact titles) instead of all. */
  bound?: number;
  /** Only documents with a value of the sort's field, joined as `v` (its key); `walk` reads them in key order first. */
  keyed?: { sort: FieldSort; walk: boolean };
}

/** A bounded ranked page starts from this many candidates per row it needs, plus a few. */
const RANKED_CANDIDATES = 4;
const RANKED_SLACK = 100;

/**
 * The FTS5 matches with their bm25 score (lower is better) as `id, score`. With a bound, only
 * the first `bound` in page order (score, then id descending), and every match whose title is
 * exactly what was asked (those come first whatever their score): the first rows of the page
 * order that pass the other conditions are among these whenever enough of them pass.
 */
function rankedMatches(match: string, scope: FacetScope, asked: string, bound?: number) {
  const fts = ftsTable(scope);
  const all = sql`select rowid as id, bm25(${fts}, ${FTS_WEIGHTS}) as score from ${fts} where ${fts} match ${match}`;
  if (bound === undefined) return sql`(${all})`;
  return sql`(select * from (${all} order by score, rowid desc limit ${sql.lit(bound)})
    union select e.id, bm25(${fts}, ${FTS_WEIGHTS}) from search_docs e cross join ${fts} where e.scope = ${scope} and e.title = ${asked} and ${fts}.rowid = e.id and ${fts} match ${match})`;
}

/** Rows a page may walk in sort order, testing each, before collecting the matches first is cheaper. */
const WALK_BUDGET = 20_000;
type Docs = SelectQueryBuilder<SearchScope, 'd', object>;

/**
 * Everything the total and the facet counts depend on: the search without its page and sort,
 * what decides the caller's reading rights (readableBy) and `by_me`, and the field catalog the
 * query was compiled against (on PostgreSQL a search that ran against the previous one files its
 * counts under the same data version as its run again against the new one).
 */
function aggregatesKey(caller: Caller, request: SearchRequest, generation: number): string {
  const who = caller.kind === 'user' ? [caller.user.id, caller.user.active, caller.user.isAdmin, [...caller.groups].sort()] : [caller.kind];
  const filters = [...request.filters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([generation, request.scope, request.q, filters, request.facets, request.byMe, who]);
}

/**
 * Search inside the database, behind one interface: the query compiled to SQL for the dialect,
 * access decided in SQL by readableBy (so totals, facet counts and pages only ever include what
 * the caller may read), facet counts as a GROUP BY over the facet side table. The total and
 * facet counts of a broad search read every match: they are kept until the next commit
 * (committedDataVersion), so paging through results and repeated searches pay only for their page.
 */
export class SearchService {
  readonly #db: Kysely<Tables>;
  readonly #dialect: DialectName;
  readonly #catalog: FieldCatalog;
  readonly #plans: QueryPlans;
  readonly #statements = new VersionedCache<string, CompiledQuery>(CACHED_SEARCHES);
  readonly #database: SearchDatabase;
  readonly #aggregatesCache = new VersionedCache<string, Aggregates>(CACHED_SEARCHES);
  /** The data version the last search observed: its catalog is the one a search assumes (search). */
  #lastVersion: string | undefined;
  /** Documents per scope, for the cost of a walk (#membershipForPage). */
  readonly #scopeSizes = new VersionedCache<FacetScope, { docs: number }>(2);

  constructor(database: SearchDatabase, catalog: FieldCatalog) {
    this.#db = database.db;
    this.#dialect = database.dialect;
    this.#catalog = catalog;
    this.#plans = new QueryPlans(database.dialect);
    this.#database = database;
  }

  #docs(): Docs {
    return this.#db.selectFrom('search_docs as d') as unknown as Docs;
  }

  /**
   * On PostgreSQL the data version costs a round trip: the page does not wait for it. It is
   * compiled against the field catalog as of the version the last search saw, which is checked
   * against the version once known; should a schema have moved the catalog, the search runs
   * again against the new one (also when it failed against the old one). Every promise started
   * here is awaited or handed on whatever fails first: a rejection left unobserved ends the process.
   */
  async search(caller: Caller, request: SearchRequest): Promise<SearchResult> {
    const version = committedDataVersion(this.#database);
    if (this.#dialect === 'sqlite') return this.#searchWith(caller, request, await this.#catalog.current(await version), version);
    const assumed = this.#catalog.current(this.#lastVersion);
    const outcome = assumed
      .then((catalog) => this.#searchWith(caller, request, catalog, version))
      .then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
    const observed = await version;
    this.#lastVersion = observed;
    const catalog = await this.#catalog.current(observed);
    if (catalog.generation !== (await assumed).generation) return this.#searchWith(caller, request, catalog, version);
    const settled = await outcome;
    if ('error' in settled) throw settled.error;
    return settled.result;
  }

  async #searchWith(caller: Caller, request: SearchRequest, catalog: Catalog, version: Promise<string | undefined>): Promise<SearchResult> {
    const { compiled, probing } = await this.#plans.of(catalog, request.scope, request.q);
    const sort = parseSort(request.sort, compiled.text !== null, catalog.fields);
    const cursor = request.after !== undefined && hasKeyset(sort) ? decodeCursor(request.after) : undefined;
    if (cursor && cursor.sort !== sort.name) {
      throw new CapsuleError('bad_request', `after is a cursor of another sort (${cursor.sort}); drop it to start from page ${request.page}.`, [{ field: ['after'], message: 'cursor of another sort' }]);
    }

    /**
     * The matching documents the caller may read. With words, SQLite must start from the documents
     * they match (CROSS JOIN fixes the order), else a selective facet filter may drive the loop and
     * probe the word list once per record; `ranked` starts from the FTS5 matches with their bm25
     * score as `t.score`, which only the full-text query itself can compute.
     */
    // A record whose whole title is what was asked for (a pasted dataset path, a title) comes first.
    const asked = request.q.trim().replace(/^"(.*)"$/s, '$1').trim().toLowerCase();
    const base = ({ except, ranked = false, membership = 'set', bound, keyed }: BaseOptions = {}): Base => {
      const { scope } = request;
      const rankedSqlite = ranked && compiled.text !== null && this.#dialect === 'sqlite';
      const docs = rankedSqlite
        ? (this.#db
            .selectFrom(rankedMatches(fts5Match(compiled.text!), scope, asked, bound).as('t') as never)
            .crossJoin('search_docs as d')
            .whereRef('d.id' as never, '=', 't.id' as never) as unknown as Docs)
        : keyed?.walk
          ? (this.#db
              .selectFrom('search_values as v')
              .crossJoin('search_docs as d')
              .where(isFieldValue(keyed.sort))
              .whereRef('d.id', '=', 'v.doc_id') as unknown as Docs)
          : this.#docs();
      let query = (
        (compiled.text || keyed?.walk) && this.#dialect === 'sqlite'
          ? docs.crossJoin('records as r').whereRef('r.uuid', '=', 'd.record_uuid')
          : docs.innerJoin('records as r', 'r.uuid', 'd.record_uuid')
      )
        .where('d.scope', '=', scope)
        .where('r.deleted', 'is', null)
        .where(readableBy(caller, scope, membership) as unknown as Condition) as Base;
      if (scope === 'published') query = query.where('r.recid', 'is not', null);
      if (request.byMe && caller.kind === 'user') query = query.where('r.created_by', '=', caller.user.id);
      for (const condition of (membership === 'set' ? compiled : probing).conditions) query = query.where(condition);
      if (compiled.text && !rankedSqlite) query = query.where(textCondition(this.#dialect, scope, compiled.text, membership));
      for (const [facet, values] of request.filters) {
        if (facet === except) continue;
        query = query.where((eb) => {
          const having = eb.selectFrom('facets as f').where('f.scope', '=', scope).where('f.facet', '=', facet).where('f.value', 'in', [...values]);
          return isAmong(eb, membership, 'r.uuid', having, 'f.record_uuid');
        });
      }
      if (keyed && !keyed.walk) {
        // After the matches (CROSS JOIN on SQLite): their keys are looked up, not walked.
        query = (query as unknown as Docs)
          .crossJoin('search_values as v')
          .whereRef('v.doc_id', '=', 'd.id')
          .where(isFieldValue(keyed.sort)) as unknown as Base;
      }
      if (keyed) query = query.where(isSortKey(keyed.sort));
      return query;
    };

    const offset = cursor ? 0 : (request.page - 1) * request.size;
    const searchKey = aggregatesKey(caller, request, catalog.generation);
    // Everything a page's statement depends on, beside the options its strategy picks.
    const pageKey = JSON.stringify([searchKey, request.sort, request.page, request.size, request.after ?? null]);
    const aggregates = version.then((v) => this.#aggregatesCache.read(v, searchKey, async () => this.#aggregates(base, request, await this.#fewMatches(request.scope, compiled.text))));
    const page = (options: BaseOptions) =>
      sort.kind === 'field'
        ? this.#fieldPage((keyed) => base({ ...options, ...(keyed ? { keyed: { sort, walk: options.membership === 'probe' } } : {}) }), sort, request.size, offset)
        : this.#executeKept(catalog.generation, `${pageKey} ${JSON.stringify(options)}`, () => this.#page(() => base(options), compiled.text, sort, asked, request, cursor, offset), sort.kind === 'rank');
    // SQLite runs one statement at a time anyway: knowing the total first lets the page choose how to test
    // side tables, and start a ranked page from the best few matches (again from all if too few of those pass).
    const sqlitePage = async (total: number) => {
      const needed = offset + request.size;
      if (sort.kind === 'rank' && compiled.text) {
        // The few candidates are tested one by one against the side tables, not against their whole sets.
        const bounded = await page({ ranked: true, bound: RANKED_CANDIDATES * needed + RANKED_SLACK, membership: 'probe' });
        return bounded.length < request.size && total > offset + bounded.length ? page({ ranked: true }) : bounded;
      }
      return page({ membership: await this.#membershipForPage(await version, request.scope, sort, total, needed) });
    };
    const [rows, { total: count, aggregations }] =
      this.#dialect === 'sqlite'
        ? await aggregates.then(async (a) => [await sqlitePage(a.total), a] as const)
        : await Promise.all([page({ ranked: sort.kind === 'rank' }), aggregates]);
    const last = rows[rows.length - 1];
    const more = request.page * request.size < count && rows.length === request.size;
    return {
      uuids: rows.map((r) => r.uuid),
      total: count,
      aggregations,
      ...(more && last && hasKeyset(sort) ? { next: encodeCursor({ sort: sort.name, key: last.key!, id: Number(last.id) }) } : {}),
    };
  }

  /**
   * A page in key order is found by walking the sort index until enough matches passed: about
   * `needed` x documents / matches rows. When that walk is short, testing each row (probe) beats
   * collecting the documents of every side-table condition first (set), which costs as many rows
   * as the condition holds. Ranked pages read all matches anyway.
   */
  async #membershipForPage(version: string | undefined, scope: FacetScope, sort: SortOrder, matches: number, needed: number): Promise<Membership> {
    if (sort.kind === 'rank' || matches === 0) return 'set';
    const { docs } = await this.#scopeSizes.read(version, scope, async () => {
      const row = await this.#docs().select((eb) => eb.fn.countAll<number>().as('n')).where('d.scope', '=', scope).executeTakeFirstOrThrow();
      return { docs: Number(row.n) };
    });
    return (needed * docs) / matches <= WALK_BUDGET ? 'probe' : 'set';
  }

  /**
   * Runs the statement `build` gives, built and compiled once per `key` (all it depends on) and
   * catalog generation: building and compiling a page's statement takes longer than SQLite takes
   * to answer it for a rare term. A `ranked` page on PostgreSQL runs on the index-first
   * connections (Database.indexFirst), which take its matches from the full-text index.
   */
  async #executeKept<R>(generation: number, key: string, build: () => Compilable<R>, ranked = false): Promise<R[]> {
    const compiled = (await this.#statements.read(String(generation), key, async () => build().compile())) as CompiledQuery<R>;
    return (await ((ranked && this.#database.indexFirst) || this.#db).executeQuery(compiled)).rows;
  }

  /**
   * One page in order: by rank (exact titles first), or by a key with the document id breaking
   * ties; after a cursor when given. Its LIMIT and OFFSET (and the bound of rankedMatches) are
   * integers of ours written into the statement, which is kept per page anyway: SQLite ran the
   * page of a rare term twice as long with them bound (0.14 ms instead of 0.07).
   */
  #page(matching: () => Base, text: TextQuery | null, sort: Exclude<SortOrder, FieldSort>, asked: string, request: SearchRequest, cursor: Cursor | undefined, offset: number) {
    let query = matching();
    const direction = sort.descending ? 'desc' : 'asc';
    if (sort.kind === 'rank') {
      query = query.orderBy(sql`case when d.title = ${asked} then 0 else 1 end`, 'asc');
      query = this.#dialect === 'postgres' ? query.orderBy(sql`ts_rank(d.tsv, to_tsquery('simple', ${tsquery(text!)}))`, 'desc') : query.orderBy(sql`t.score`, 'asc');
    } else {
      if (cursor) {
        const compare = sort.descending ? sql`<` : sql`>`;
        query = query.where(() => sql<SqlBool>`(${sort.key}, d.id) ${compare} (${cursor.key}, ${cursor.id})`);
      }
      query = query.orderBy(sort.key, direction);
    }
    query = query.orderBy('d.id', direction);
    return query
      .select(['r.uuid as uuid', 'd.id as id', (sort.kind === 'rank' ? sql<number>`0` : sort.key).as('key')])
      .limit(sql.lit(request.size))
      .offset(sql.lit(offset)) as unknown as Compilable<PageRow>;
  }

  /**
   * One page by a field: the documents with a value in key order (id breaking ties), then those
   * without one by id. `matching(true)` is the documents with a value, each with its key as `v`.
   */
  async #fieldPage(matching: (keyed: boolean) => Base, sort: FieldSort, size: number, offset: number): Promise<PageRow[]> {
    const direction = sort.descending ? 'desc' : 'asc';
    const keyed = (await (matching(true) as unknown as SelectQueryBuilder<SearchScope & { v: Tables['search_values'] }, 'd' | 'r' | 'v', object>)
      .select(['r.uuid as uuid', 'd.id as id', `v.${sort.column} as key`])
      .orderBy(`v.${sort.column}`, direction)
      .orderBy('v.doc_id', direction)
      .limit(size)
      .offset(offset)
      .execute()) as PageRow[];
    if (keyed.length === size) return keyed;
    // Past the documents with a value: where this page starts among those without one.
    let skip = 0;
    if (keyed.length === 0 && offset > 0) {
      const counted = await matching(true).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      skip = Math.max(0, offset - Number(counted.n));
    }
    const unkeyed = (await matching(false)
      .where(sql<SqlBool>`not ${hasSortKey(sort)}`)
      .select(['r.uuid as uuid', 'd.id as id', sql<null>`null`.as('key')])
      .orderBy('d.id', direction)
      .limit(size - keyed.length)
      .offset(skip)
      .execute()) as PageRow[];
    return [...keyed, ...unkeyed];
  }

  /**
   * Whether the words of a search match few documents on SQLite (an upper bound on its matches,
   * from the scope's full-text index alone), so that its facets are best counted per match.
   */
  async #fewMatches(scope: FacetScope, text: TextQuery | null): Promise<boolean> {
    if (this.#dialect !== 'sqlite' || text === null) return false;
    const fts = ftsTable(scope);
    const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from ${fts} where ${fts} match ${fts5Match(text)} limit ${FEW_MATCHES + 1})`.execute(this.#db);
    return Number(rows[0]!.n) <= FEW_MATCHES;
  }

  /**
   * The number of matching records and the counts per facet value among them. The matching set
   * is computed once per statement, as a materialized CTE, and the total and the counts of the
   * facets without a selection are read from it together. A facet's own selection does not
   * narrow its own counts (so a user can widen a selection as well as narrow it): each selected
   * facet is counted over the matches without its own filter.
   */
  async #aggregates(base: (options?: BaseOptions) => Base, request: SearchRequest, fewMatches: boolean): Promise<Aggregates> {
    const plain = request.facets.filter((f) => !request.filters.has(f));
    const selected = request.facets.filter((f) => request.filters.has(f));
    // An interpolated query comes in parentheses. A record has one document per scope, so the join
    // counts each match once; as a join (not `in`) PostgreSQL may merge it with the facets index.
    // SQLite cannot tell how many rows the CTE holds and reads the facets index in full, probing
    // the matches: few matches are read first instead (CROSS JOIN), each looking up its own facets.
    const matching = (except?: string) => sql`with m as materialized ${base({ except }).select('r.uuid as uuid')}`;
    const join = fewMatches ? sql`m cross join facets f` : sql`m, facets f`;
    const counts = (facets: readonly string[]) =>
      sql`select f.facet as facet, f.value as key, count(*) as doc_count from ${join} where f.record_uuid = m.uuid and f.scope = ${request.scope} and f.facet in (${sql.join(facets)}) group by f.facet, f.value`;
    type Counted = { facet: string | null; key: string | null; doc_count: number | string };
    const results = await Promise.all([
      sql<Counted>`${matching()} select null as facet, null as key, count(*) as doc_count from m${plain.length ? sql` union all ${counts(plain)}` : sql``}`.execute(this.#db),
      ...selected.map((f) => sql<Counted>`${matching(f)} ${counts([f])}`.execute(this.#db)),
    ]);
    const rows = results.flatMap((r) => r.rows);
    const out: Record<string, { buckets: Bucket[] }> = {};
    for (const facet of request.facets) out[facet] = { buckets: [] };
    let total = 0;
    for (const row of rows) {
      if (row.facet === null) total = Number(row.doc_count);
      else out[row.facet]!.buckets.push({ key: row.key!, doc_count: Number(row.doc_count) });
    }
    for (const facet of Object.values(out)) {
      facet.buckets.sort((a, b) => b.doc_count - a.doc_count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      facet.buckets.splice(BUCKETS);
    }
    return { total, aggregations: out };
  }
}
