import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DialectName } from '../db/database.js';
import { isRowId } from '../db/row-id.js';
import type { RecordsTable, SearchDocsTable, Tables } from '../db/tables.js';
import type { FacetScope } from './facet-index.js';
import { ftsTable } from './fts-tables.js';
import { FIELD_ALIASES, RECORD_FIELDS, type FieldType } from './search-fields.js';
import { queryError, type Comparison, type QueryNode } from './query-syntax.js';
import { fts5Match, textAnd, textNot, textOr, tsquery, type TextQuery } from './text-query.js';
import { tokenize } from './text-tokens.js';

/** The tables a search condition sees: the search document `d` and its record `r`. */
export type SearchScope = Tables & { d: SearchDocsTable; r: RecordsTable };
export type Condition = (eb: ExpressionBuilder<SearchScope, 'd' | 'r'>) => Expression<SqlBool>;

/**
 * A query as SQL: the full-text part that all results must match (ranked by it), and the other
 * conditions. Either may be empty; both empty matches everything.
 */
export interface CompiledQuery {
  text: TextQuery | null;
  conditions: Condition[];
  /** When the query is NOT of words only: those words, which an AND beside other words leaves out of its full-text query instead. */
  negated?: TextQuery;
}

const TRUE: Condition = () => sql<SqlBool>`1 = 1`;
const FALSE: Condition = () => sql<SqlBool>`1 = 0`;

/**
 * How a condition on a side table is tested: `set` collects the documents it holds once (best
 * when few match, or when all matches are read anyway), `probe` looks up each candidate document
 * (best when a page is taken from a walk in sort order through many matches).
 */
export type Membership = 'set' | 'probe';

/** `outer` (a column of the candidate) is among the `column` values of `rows` (a side-table query), tested as `membership` says. */
export function isAmong<OuterDB, OuterTB extends keyof OuterDB, DB, TB extends keyof DB, O>(eb: ExpressionBuilder<OuterDB, OuterTB>, membership: Membership, outer: string, rows: SelectQueryBuilder<DB, TB, O>, column: string): Expression<SqlBool> {
  return membership === 'set'
    ? eb(outer as never, 'in', rows.select(column as never) as never)
    : eb.exists(rows.select(sql`1`.as('one')).whereRef(column as never, '=', outer as never));
}

/** Full text anywhere in a query, as a condition on `d` of `scope` (a column test on PostgreSQL). */
export function textCondition(dialect: DialectName, scope: FacetScope, text: TextQuery, membership: Membership = 'set'): Condition {
  if (dialect === 'postgres') return () => sql<SqlBool>`d.tsv @@ to_tsquery('simple', ${tsquery(text)})`;
  const fts = ftsTable(scope);
  return membership === 'set'
    ? () => sql<SqlBool>`d.id in (select rowid from ${fts} where ${fts} match ${fts5Match(text)})`
    : () => sql<SqlBool>`exists (select 1 from ${fts} where ${fts} match ${fts5Match(text)} and ${fts}.rowid = d.id)`;
}

const all = (c: CompiledQuery) => c.text === null && c.conditions.length === 0;

/** One compiled query as a single condition. */
function asCondition(dialect: DialectName, scope: FacetScope, c: CompiledQuery, membership: Membership): Condition {
  const parts = [...(c.text ? [textCondition(dialect, scope, c.text, membership)] : []), ...c.conditions];
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0]!;
  return (eb) => eb.and(parts.map((p) => p(eb)));
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the half-open interval of ISO times it covers. */
function dateInterval(value: string, at: number): { from: string; to: string } {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) throw queryError(`${JSON.stringify(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`, at);
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) - 1 : undefined, m[3] ? Number(m[3]) : undefined];
  const start = new Date(Date.UTC(y, mo ?? 0, d ?? 1));
  const end = new Date(Date.UTC(y + (mo === undefined ? 1 : 0), (mo ?? 0) + (mo !== undefined && d === undefined ? 1 : 0), (d ?? 1) + (d !== undefined ? 1 : 0)));
  if (Number.isNaN(start.getTime()) || (mo !== undefined && (mo < 0 || mo > 11)) || (d !== undefined && start.getUTCDate() !== d)) {
    throw queryError(`${JSON.stringify(value)} is not a valid date`, at);
  }
  const iso = (t: Date) => t.toISOString().slice(0, 10);
  return { from: iso(start), to: iso(end) };
}

/** A comparison on an ordered value as bounds: dates compare as the day (month, year) they name. */
function bounds(op: Comparison, from: unknown, to: unknown): { lower?: [unknown, boolean]; upper?: [unknown, boolean] } {
  switch (op) {
    case '=':
      return { lower: [from, true], upper: [to, to === from] };
    case '>':
      return { lower: [to, to !== from] };
    case '>=':
      return { lower: [from, true] };
    case '<':
      return { upper: [from, false] };
    case '<=':
      return { upper: [to, to === from] };
  }
}

function ordered(column: string, b: ReturnType<typeof bounds>): Condition {
  return (eb) => {
    const ref = eb.ref(column as never);
    const parts: Expression<SqlBool>[] = [];
    if (b.lower) parts.push(eb(ref, b.lower[1] ? '>=' : '>', b.lower[0] as never));
    if (b.upper) parts.push(eb(ref, b.upper[1] ? '<=' : '<', b.upper[0] as never));
    return eb.and(parts);
  };
}

/** Documents having a value of `field` that passes `where` (on search_values). */
function hasValue(field: string, where: (v: ExpressionBuilder<Tables, 'search_values'>) => Expression<SqlBool>, membership: Membership): Condition {
  return (eb) => {
    const values = eb.selectFrom('search_values').where('search_values.field', '=', field).where(where);
    return isAmong(eb, membership, 'd.id', values, 'search_values.doc_id');
  };
}

const isPrefix = (term: { value: string; quoted: boolean }) => !term.quoted && term.value.length > 1 && term.value.endsWith('*');

/** Words of a free-text term; a trailing `*` (unquoted) makes the last word a prefix. */
function words(term: Extract<QueryNode, { kind: 'term' }>, part: 'title' | 'abstract' | null): CompiledQuery {
  if (term.op !== '=') throw queryError(`${term.field ?? 'free text'} takes no comparison; ranges apply to number and date fields`, term.at);
  const prefix = isPrefix(term);
  const found = tokenize(prefix ? term.value.slice(0, -1) : term.value);
  if (!term.quoted && term.value === '*') return { text: null, conditions: [] };
  if (found.length === 0) throw queryError(`${JSON.stringify(term.value)} has no letters or digits to search for`, term.at);
  return { text: { kind: 'words', words: found, prefix, part }, conditions: [] };
}

function keyword(column: string, term: Extract<QueryNode, { kind: 'term' }>, value: string): Condition {
  if (isPrefix(term)) {
    const stem = value.slice(0, -1);
    return () => sql<SqlBool>`substr(${sql.ref(column)}, 1, ${sql.lit(stem.length)}) = ${stem}`;
  }
  if (term.op === '=') return () => sql<SqlBool>`${sql.ref(column)} = ${value}`;
  return ordered(column, bounds(term.op, value, value));
}

/**
 * Compiles a parsed query against the fields the schemas declare. Free words and `title:`/
 * `abstract:` become full text; declared fields are lookups in `search_values`; record fields
 * compare columns. Unknown fields and values of the wrong type are a 400 naming them. Full text
 * is looked up among the documents of `scope`.
 */
export function compileQuery(node: QueryNode, fields: ReadonlyMap<string, FieldType>, dialect: DialectName, scope: FacetScope, membership: Membership = 'set'): CompiledQuery {
  const compile = (n: QueryNode): CompiledQuery => {
    switch (n.kind) {
      case 'all':
        return { text: null, conditions: [] };
      case 'and': {
        const parts = n.children.map(compile);
        // (a NOT b) AND c is (a AND c) NOT b: one level, however deep the ANDs nest.
        const texts = parts.flatMap((p) => (p.text ? [p.text.kind === 'not' ? p.text.include : p.text] : []));
        if (texts.length === 0) return { text: null, conditions: parts.flatMap((p) => p.conditions) };
        // Words negated beside other words are left out by the full-text query itself (`a NOT b`):
        // fewer matches to rank, and no pass over the negated words' own matches.
        const excluded = parts.flatMap((p) => (p.negated ? [p.negated] : p.text?.kind === 'not' ? [p.text.exclude] : []));
        const text = excluded.length ? textNot(textAnd(texts), textOr(excluded)) : textAnd(texts);
        return { text, conditions: parts.flatMap((p) => (p.negated ? [] : p.conditions)) };
      }
      case 'or': {
        const parts = n.children.map(compile);
        if (parts.some(all)) return { text: null, conditions: [] };
        if (parts.every((p) => p.conditions.length === 0)) return { text: textOr(parts.map((p) => p.text!)), conditions: [] };
        const conditions = parts.map((p) => asCondition(dialect, scope, p, membership));
        return { text: null, conditions: [(eb) => eb.or(conditions.map((c) => c(eb)))] };
      }
      case 'not': {
        const inner = compile(n.child);
        if (all(inner)) return { text: null, conditions: [FALSE] };
        const condition = asCondition(dialect, scope, inner, membership);
        return { text: null, conditions: [(eb) => eb.not(condition(eb))], ...(inner.text && inner.conditions.length === 0 ? { negated: inner.text } : {}) };
      }
      case 'term':
        return term(n);
    }
  };

  const term = (t: Extract<QueryNode, { kind: 'term' }>): CompiledQuery => {
    if (t.field === null) return words(t, null);
    const name = FIELD_ALIASES[t.field] ?? t.field;
    const exists = !t.quoted && t.value === '*';
    if (name === 'title' || name === 'abstract') {
      if (exists) return { text: null, conditions: [name === 'title' ? (eb) => eb('d.title', '<>', '') : TRUE] };
      return words(t, name);
    }
    if (name in RECORD_FIELDS) return { text: null, conditions: [recordField(name as keyof typeof RECORD_FIELDS, t, exists)] };
    const type = fields.get(name);
    if (!type) throw queryError(`unknown field ${JSON.stringify(t.field)}`, t.at);
    if (exists) return { text: null, conditions: [hasValue(name, () => sql<SqlBool>`1 = 1`, membership)] };
    return { text: null, conditions: [hasValue(name, valueCondition(type, t), membership)] };
  };

  return compile(node);
}

function valueCondition(type: FieldType, t: Extract<QueryNode, { kind: 'term' }>) {
  if (type === 'number') {
    const n = Number(t.value);
    if (t.value.trim() === '' || !Number.isFinite(n)) throw queryError(`${t.field}: ${JSON.stringify(t.value)} is not a number`, t.at);
    return ordered('search_values.number', bounds(t.op, n, n)) as unknown as (v: ExpressionBuilder<Tables, 'search_values'>) => Expression<SqlBool>;
  }
  if (type === 'date') {
    const { from, to } = dateInterval(t.value, t.at);
    return ordered('search_values.value', bounds(t.op, from, to)) as unknown as (v: ExpressionBuilder<Tables, 'search_values'>) => Expression<SqlBool>;
  }
  return keyword('search_values.value', t, t.value.toLowerCase()) as unknown as (v: ExpressionBuilder<Tables, 'search_values'>) => Expression<SqlBool>;
}

function recordField(name: keyof typeof RECORD_FIELDS, t: Extract<QueryNode, { kind: 'term' }>, exists: boolean): Condition {
  switch (name) {
    case 'recid':
      return exists ? (eb) => eb('r.recid', 'is not', null) : keyword('r.recid', t, t.value);
    case 'id':
      return exists ? TRUE : keyword('r.uuid', t, t.value.toLowerCase());
    case 'created_by': {
      if (exists) return TRUE;
      if (t.op !== '=') throw queryError('created_by takes an email or a user id, not a range', t.at);
      if (/^\d+$/.test(t.value)) {
        const id = Number(t.value);
        // No account has an id past what the column holds.
        return isRowId(id) ? (eb) => eb('r.created_by', '=', id) : FALSE;
      }
      return (eb) => eb('r.created_by', 'in', eb.selectFrom('users').select('users.id').where('users.email', '=', t.value.toLowerCase()));
    }
    case 'created':
    case 'updated': {
      if (exists) return TRUE;
      const { from, to } = dateInterval(t.value, t.at);
      return ordered(name === 'created' ? 'r.created' : 'd.updated', bounds(t.op, from, to));
    }
    case 'title':
    case 'abstract':
      throw queryError(`${name} is searched as text`, t.at);
  }
}
