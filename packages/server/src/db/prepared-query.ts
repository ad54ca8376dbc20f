import { CompiledQuery, type Compilable, type Kysely, type Transaction } from 'kysely';
import type { Tables } from './tables.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

interface Compiled {
  sql: string;
  /** For each bound value: the index of the caller's parameter, or a constant of the query itself. */
  slots: ({ param: number } | { constant: unknown })[];
}

const sentinel = (i: number) => `\u0000capsule-param-${i}\u0000`;

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
      compiled = {
        sql: query.sql,
        slots: query.parameters.map((value) => {
          const param = sentinels.indexOf(value as string);
          return param >= 0 ? { param } : { constant: value };
        }),
      };
      byDialect.set(adapter, compiled);
    }
    const values = compiled.slots.map((s) => ('param' in s ? params[s.param] : s.constant));
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, values))).rows;
  };
}
