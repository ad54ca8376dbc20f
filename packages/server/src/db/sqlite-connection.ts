import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import { cachingStatements } from './statement-cache.js';
import type { Tables } from './tables.js';

/** A connection to a SQLite file set up as every connection that writes to it is. */
export function openSqliteConnection(file: string): SQLite.Database {
  const connection = new SQLite(file);
  // WAL lets readers go on while one writer commits; the busy timeout lets the CLI and the
  // server share the file. Durability: better-sqlite3 runs on the thread that calls it, so with
  // synchronous=FULL every commit's fsync on the event loop would stall all requests for
  // milliseconds. Commits use NORMAL (the log reaches the OS at once, which survives a crash of
  // the process), and each group commit then fdatasyncs the log before acknowledging its writes
  // (on the thread pool, or on the writer thread that committed it), which survives power loss too.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 10000');
  // Each write of a group commit is a savepoint, whose journal copies every page it changes that
  // the batch had already changed: kept in memory instead of a temporary file, which costs write
  // calls on every batch. Temporary files never serve recovery (the log does): durability is as before.
  // Sorts and temporary tables stay in memory too, however large: an index a migration builds
  // over 1.5 million short rows took the process from 66 to 258 MB, against 83 MB with files, so
  // migrations switch to files while they run (migrate.ts).
  connection.pragma('temp_store = MEMORY');
  // Checkpoints run on a thread of their own (WalCheckpointer), which starts the log over past
  // 4,000 pages and a pass's worth of commits. The connection's own, inside a commit and on the
  // event loop, stays as a bound on the log should that thread fail: past 20,000 pages (80 MB).
  connection.pragma('wal_autocheckpoint = 20000');
  return connection;
}

/** Kysely on a connection, each distinct statement prepared once. */
export function sqliteKysely(connection: SQLite.Database): Kysely<Tables> {
  return new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(connection) }) });
}
