import { CompiledQuery, type Compilable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Tables } from './tables.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

interface Compiled {
  sql: string;
  /** For each bound value: the index of the caller's parameter, or a constant of the query itself. */
  slots: ({ param: number } | { constant: unknown })[];
}

const SENTINEL_MARK = '\u0000capsule-param-';
const sentinel = (i: number) => `${SENTINEL_MARK}${i}\u0000`;

/**
 * A query built and compiled once per dialect, then run with new values. Building and compiling
 * with Kysely costs several times what SQLite takes to answer a lookup by key, and the hot
 * paths (authentication, loading a draft) run the same few shapes on every request. The query
 * is compiled with a sentinel string in place of each parameter, and the sentinels are swapped
 * for the real values at each run. Only for scalar parameters: a list (`in`) changes the SQL.
 */
export function preparedQuery<P extends readonly (string | number | null)[], R>(
  build: (db: Kysely<Tables>, ...params: P) => Compilable<R>,
): (db: Executor, ...params: P) => Promise<R[]> {
  const byDialect = new Map<unknown, Compiled>();
  return async (db, ...params) => {
    // The adapter tells the dialect apart for a root handle and a transaction alike (Kysely's own plugins reach it the same way).
    const adapter = db.getExecutor().adapter.constructor;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      const sentinels = params.map((_, i) => sentinel(i));
      const query = build(db as Kysely<Tables>, ...(sentinels as unknown as P)).compile();
      const slots = query.parameters.map((value): Compiled['slots'][number] => {
        const param = sentinels.indexOf(value as string);
        return param >= 0 ? { param } : { constant: value };
      });
      // A parameter written into the SQL or into another value would run as its sentinel: refused here, once.
      const folded = [query.sql, ...slots.map((s) => ('constant' in s ? s.constant : undefined))].some((v) => typeof v === 'string' && v.includes(SENTINEL_MARK));
      if (folded) throw new Error('A prepared query must bind each parameter as a value of its own, not write it into the SQL or into another value.');
      compiled = { sql: query.sql, slots };
      byDialect.set(adapter, compiled);
    }
    const values = compiled.slots.map((s) => ('param' in s ? params[s.param] : s.constant));
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, values))).rows;
  };
}

type Row<T extends keyof Tables> = { [C in keyof Tables[T]]?: string | number | null };

/**
 * A multi-row insert of fixed columns, compiled once per dialect and row count, then run with
 * new values: building a many-row insert with Kysely costs more than SQLite takes to run it.
 * Rows are written in chunks of at most `chunk`, which keeps the bound values under both
 * dialects' limits and the number of distinct statements small. `returning` names columns of
 * the inserted rows to answer with (generated ids), in no promised order.
 */
export function preparedInsert<T extends keyof Tables & string, R extends keyof Selectable<Tables[T]> & string = never>(
  table: T,
  columns: readonly (keyof Tables[T] & string)[],
  chunk = 500,
  returning: readonly R[] = [],
): (db: Executor, rows: readonly Row<T>[]) => Promise<Pick<Selectable<Tables[T]>, R>[]> {
  const compiled = new Map<unknown, Map<number, string>>();
  const sqlFor = (db: Executor, count: number): string => {
    const adapter = db.getExecutor().adapter.constructor;
    let byCount = compiled.get(adapter);
    if (!byCount) compiled.set(adapter, (byCount = new Map()));
    let text = byCount.get(count);
    if (!text) {
      const placeholders = Array.from({ length: count }, () => Object.fromEntries(columns.map((c) => [c, null])));
      const insert = (db as Kysely<Tables>).insertInto(table).values(placeholders as never);
      text = (returning.length ? insert.returning(returning as never) : insert).compile().sql;
      byCount.set(count, text);
    }
    return text;
  };
  return async (db, rows) => {
    const answered: Pick<Selectable<Tables[T]>, R>[] = [];
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk);
      const values: unknown[] = [];
      for (const row of part) for (const c of columns) values.push(row[c] ?? null);
      const result = await db.executeQuery<Pick<Selectable<Tables[T]>, R>>(CompiledQuery.raw(sqlFor(db, part.length), values));
      if (returning.length) answered.push(...result.rows);
    }
    return answered;
  };
}
