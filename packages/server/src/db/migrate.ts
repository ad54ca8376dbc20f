import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

export interface MigrationReport {
  applied: string[];
}

/** Applies every pending migration; safe to run from several processes at once (Kysely locks). */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const byName: Record<string, Migration> = {};
      for (const m of migrations) {
        byName[m.name] = { up: (db) => m.up(db, database.dialect) };
      }
      return byName;
    },
  };
  const migrator = new Migrator({ db: database.db, provider });
  // A migration sorts and indexes whole tables: on SQLite its temporary data goes to files while it
  // runs, not to memory, where the connection otherwise keeps it (see temp_store in sqlite-connection.ts).
  const sqlite = database.dialect === 'sqlite';
  if (sqlite) await sql`pragma temp_store = FILE`.execute(database.db);
  let failed = false;
  try {
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    // Restored whatever happened; should that fail too, the migration's own error is the one told.
    if (sqlite) await sql`pragma temp_store = MEMORY`.execute(database.db).catch((e: unknown) => {
      if (!failed) throw e;
    });
  }
}
