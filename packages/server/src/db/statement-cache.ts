import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct statements are kept prepared; queries are built from a small set of shapes. */
const CAPACITY = 500;

/**
 * The connection Kysely talks to, preparing each distinct SQL text once: Kysely asks for a new
 * prepared statement on every query, and preparing costs as much as running a small query.
 * Statements are reused one at a time (better-sqlite3 is synchronous), so sharing them is safe.
 */
export function cachingStatements(connection: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => connection.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value!);
        statement = connection.prepare(sql) as unknown as SqliteStatement;
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
