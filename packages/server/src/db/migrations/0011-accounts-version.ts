import { sql } from 'kysely';
import type { CapsuleMigration } from './migration.js';

/**
 * What a cached caller is made of, per table: the columns whose update changes a caller (every
 * column when none are named). A token's last use is not among them: stamping it, at most once a
 * minute per token, would otherwise make every cached caller be read again.
 */
const CALLER_COLUMNS: Record<string, string | undefined> = {
  users: undefined,
  groups: undefined,
  memberships: undefined,
  tokens: 'user_id, hash, scopes, expires, revoked',
};

/**
 * SQLite: a counter of changes to what callers are made of (Database.accountsVersion), moved by
 * triggers in the transaction that makes the change, whichever connection or process makes it.
 * Callers were cached until any other connection committed anything: the writer thread commits
 * new drafts on its own connection, and every batch of them made each token be read again.
 * PostgreSQL caches no caller (other servers commit unseen): nothing to count there.
 */
export const accountsVersionMigration: CapsuleMigration = {
  name: '0011-accounts-version',
  async up(migrating, dialect) {
    if (dialect !== 'sqlite') return;
    // One transaction: the counter is never seen without its row or its triggers, which would let
    // callers be kept across changes not counted. Each step may be run again and change nothing
    // (a stop between this commit and the migration's record, or a test).
    await migrating.transaction().execute(async (db) => {
      await sql`create table if not exists accounts_version (id integer primary key check (id = 1), version integer not null)`.execute(db);
      await sql`insert or ignore into accounts_version (id, version) values (1, 0)`.execute(db);
      for (const [table, columns] of Object.entries(CALLER_COLUMNS)) {
        for (const event of ['insert', 'update', 'delete']) {
          const on = event === 'update' && columns ? `update of ${columns}` : event;
          await sql.raw(`create trigger if not exists ${table}_${event}_accounts_version after ${on} on ${table} begin update accounts_version set version = version + 1; end`).execute(db);
        }
      }
    });
  },
};
