import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct statements are kept prepared; queries are built from a small set of shapes. */
const CAPACITY = 500;

/** The table a data-changing statement names first (`insert into "t"`, `update "t"`, `delete from "t"`). */
const WRITTEN_TABLE = /^\s*(?:(?:insert|replace)(?:\s+or\s+\w+)?\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+"?(\w+)"?/i;

const TRANSACTION_CONTROL = /^\s*(?:begin|commit|end|rollback|savepoint|release)\b/i;

/**
 * Which tables a statement may change: none for reads and transaction control, the table it
 * names for an insert, update or delete (cascades and triggers are the caller's to know), and
 * any table for anything else (schema changes, writes behind a `with`).
 */
function writtenTables(statement: SQLite.Statement, sql: string): 'none' | 'any' | string {
  // SQLite counts BEGIN IMMEDIATE as a write: it takes the write lock.
  if (statement.readonly || TRANSACTION_CONTROL.test(sql)) return 'none';
  return WRITTEN_TABLE.exec(sql)?.[1] ?? 'any';
}

/**
 * The connection Kysely talks to, preparing each distinct SQL text once: Kysely asks for a new
 * prepared statement on every query, and preparing costs as much as running a small query.
 * Statements are reused one at a time (better-sqlite3 is synchronous), so sharing them is safe.
 * `onWrite` hears, before each run of a statement that may change data, which table it changes
 * (`any` when it cannot tell).
 */
export function cachingStatements(connection: SQLite.Database, onWrite: (table: string) => void): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => connection.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value!);
        const prepared = connection.prepare(sql);
        const written = writtenTables(prepared, sql);
        statement = written === 'none' ? (prepared as unknown as SqliteStatement) : announcingWrites(prepared, () => onWrite(written));
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/** A statement that calls `announce` before each run. */
function announcingWrites(prepared: SQLite.Statement, announce: () => void): SqliteStatement {
  return {
    reader: prepared.reader,
    all: (parameters) => {
      announce();
      return prepared.all(parameters);
    },
    run: (parameters) => {
      announce();
      return prepared.run(parameters);
    },
    iterate: (parameters) => {
      announce();
      return prepared.iterate(parameters);
    },
  };
}
