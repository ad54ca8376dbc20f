import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Tables } from './tables.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely handle and which dialect it speaks. */
export interface Database {
  readonly db: Kysely<Tables>;
  readonly dialect: DialectName;
  /** Round trip to the server (or file) to prove it answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** `sqlite:` followed by a path (`sqlite::memory:` for an in-memory database). */
function sqlitePath(url: string): string {
  const rest = url.slice('sqlite:'.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

function openSqlite(url: string): Database {
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = new SQLite(file);
  // WAL lets readers go on while one writer commits; FULL makes every commit durable
  // (NORMAL may lose the last commits on power loss); the busy timeout lets the CLI
  // and the server share the file.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 10000');
  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: connection }) });
  return {
    db,
    dialect: 'sqlite',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

export function openDatabase(url: string): Database {
  if (url.startsWith('sqlite:')) return openSqlite(url);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new Error(`Unsupported database URL: ${url}`);
}
