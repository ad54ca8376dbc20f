import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { GroupCommit } from './group-commit.js';
import { openSqliteConnection, sqliteKysely } from './sqlite-connection.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { WalFile } from './wal-file.js';
import type { WriteWork } from './write-batch.js';
import type { WriteProcedure } from './write-procedure.js';
import { WriterThread } from './writer-thread.js';
import type { Tables } from './tables.js';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely handle and which dialect it speaks. */
export interface Database {
  readonly db: Kysely<Tables>;
  readonly dialect: DialectName;
  /**
   * Runs `work` in a write transaction: all of it is committed durably before the promise
   * resolves, or none of it is. `work` must use only the transaction it is given.
   */
  write<T>(work: WriteWork<T>): Promise<T>;
  /**
   * Runs a write procedure in a write transaction, as `write` does. On a SQLite file, batches of
   * them are committed by a thread with its own connection, off the event loop.
   */
  runWrite<A, R>(procedure: WriteProcedure<A, R>, args: A): Promise<R>;
  /**
   * A value that changes whenever committed data may have changed, by a write of this process
   * or of any other connection to the same database: read caches stay valid exactly as long as
   * it does not change. Undefined when it cannot be told cheaply (always on PostgreSQL, where
   * other servers commit unseen; on SQLite while a write transaction is open): nothing is cached then.
   */
  dataVersion(): string | undefined;
  /**
   * PostgreSQL: a second, smaller pool to the same database whose connections never scan a table
   * sequentially where an index can serve (enable_seqscan off for the session), for the statements
   * whose costs the planner misjudges: a ranked full-text page. The planner costs a scan of
   * search_docs by the table's own pages (7,000 at 100,000 records) and not by the TOAST pages
   * behind each tsvector (5 kB on average), which a scan reads for every document it tests: when a
   * third of the documents matched (`muon`), it tested them all (1.0 s) instead of ranking the
   * matches the GIN index gives (0.55 s). The setting belongs to those connections, so such a
   * statement needs no transaction around it: one round trip instead of three. Undefined on SQLite
   * (a key every handle names, so that passing a Database on cannot drop it unnoticed).
   */
  indexFirst: Kysely<Tables> | undefined;
  /**
   * Like dataVersion, but moved only by commits that change what a caller is made of (users,
   * groups, memberships, and a token's owner, hash, scopes, expiry or revocation, not its last
   * use), by any connection: counted by triggers (migration 0011). A cache of callers outlives
   * every other write. Undefined on PostgreSQL, before that migration, and while a write
   * transaction is open.
   */
  accountsVersion(): string | undefined;
  /** Round trip to the server (or file) to prove it answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Database.dataVersion where one round trip is affordable: on PostgreSQL the snapshot of the
 * committed transactions (pg_current_snapshot). The same snapshot means the same committed data,
 * and any commit, by any connection, moves it; so an answer kept under it stays exact. On SQLite,
 * dataVersion itself.
 */
export async function committedDataVersion(database: Pick<Database, 'db' | 'dialect' | 'dataVersion'>): Promise<string | undefined> {
  if (database.dialect === 'sqlite') return database.dataVersion();
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(database.db);
  return rows[0]!.snapshot;
}

/** `sqlite:` followed by a path (`sqlite::memory:` for an in-memory database). */
function sqlitePath(url: string): string {
  const rest = url.slice('sqlite:'.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

function openSqlite(url: string): Database {
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = openSqliteConnection(file);
  const checkpointer = file === ':memory:' ? undefined : new WalCheckpointer(path.resolve(file));
  const db = sqliteKysely(connection);
  const wal = file === ':memory:' ? undefined : new WalFile(path.resolve(file));
  const writer = file === ':memory:' ? undefined : new WriterThread(path.resolve(file));
  const group = new GroupCommit(db, async () => wal?.flush(), () => checkpointer?.beforeWrite(), writer);
  // data_version moves when another connection (the CLI, another server) commits; total_changes()
  // counts this connection's own inserts, updates and deletes, made through write() or not; and
  // writesEnded also covers a write that changed nothing the two count, ended by commit or rollback.
  // Two statements: the pragma as a table-valued function costs twice as much.
  const othersCommits = connection.prepare('pragma data_version').pluck();
  const ownChanges = connection.prepare('select total_changes()').pluck();
  let writesEnded = 0;
  let accountsQuery: SQLite.Statement | undefined;
  const ended = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      writesEnded++;
      checkpointer?.committed();
    }
  };
  return {
    db,
    dialect: 'sqlite',
    indexFirst: undefined,
    write: (work) => ended(group.write(work)),
    runWrite: (procedure, args) => ended(group.call(procedure, args)),
    dataVersion: () => {
      if (connection.inTransaction) return undefined;
      return `${othersCommits.get() as number}.${ownChanges.get() as number}.${writesEnded}`;
    },
    accountsVersion: () => {
      if (connection.inTransaction) return undefined;
      // Prepared once the migrations have made the table; before that, nothing is cached.
      try {
        accountsQuery ??= connection.prepare('select version from accounts_version where id = 1').pluck();
      } catch {
        return undefined;
      }
      // No row (a migration stopped between making the table and filling it): a constant version would keep callers forever.
      const version = accountsQuery.get() as number | undefined;
      return version === undefined ? undefined : String(version);
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await writer?.close();
      await checkpointer?.close();
      await db.destroy();
      wal?.close();
    },
  };
}

/** A Kysely handle on a pool of at most `max` connections to `url`, each set up by `setup` (statements without parameters). */
function postgresPool(url: string, max: number, setup: string): Kysely<Tables> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const setUp = CompiledQuery.raw(setup);
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool, onCreateConnection: async (connection) => void (await connection.executeQuery(setUp)) }) });
}

function openPostgres(url: string): Database {
  // No JIT compilation: the planner's cost threshold is passed by every search that counts over
  // all records, and compiling took longer (0.5 s) than the query it was to speed up. Set on each
  // new connection rather than as a startup option, which connection poolers may refuse.
  const noJit = 'set jit = off';
  const db = postgresPool(url, 10, noJit);
  const indexFirst = postgresPool(url, 4, `${noJit}; set enable_seqscan = off`);
  return {
    db,
    dialect: 'postgres',
    indexFirst,
    // PostgreSQL groups concurrent commits from its connections itself.
    write: (work) => db.transaction().execute(work),
    runWrite: (procedure, args) => db.transaction().execute((trx) => procedure.run(trx, 'postgres', args)),
    dataVersion: () => undefined,
    accountsVersion: () => undefined,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await Promise.all([db.destroy(), indexFirst.destroy()]);
    },
  };
}

export function openDatabase(url: string): Database {
  if (url.startsWith('sqlite:')) return openSqlite(url);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new Error(`Unsupported database URL: ${url}`);
}
