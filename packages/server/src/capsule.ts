import fs from 'node:fs/promises';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import type { CapsuleConfig } from './config/config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { Accounts } from './accounts/accounts.js';
import { Groups } from './accounts/groups.js';
import { LoginLimiter } from './accounts/login-limiter.js';
import { Sessions } from './accounts/sessions.js';
import { CollectionGrants } from './access/collection-grants.js';
import { Buckets } from './files/buckets.js';
import { LocalDiskStore } from './files/local-disk-store.js';
import { RepositorySnapshots } from './files/repository-snapshots.js';
import { Deposits } from './records/deposits.js';
import { PublishedRecords } from './records/published-records.js';
import { loadBuiltinSchemas } from './schemas/builtin-schemas.js';
import { SchemaRegistry } from './schemas/schema-registry.js';

/**
 * One running instance's services, built from its configuration. The HTTP layer and the
 * CLI both work through this: a CLI command is the same service call as the route.
 */
export interface Capsule {
  readonly config: CapsuleConfig;
  readonly log: Logger;
  readonly database: Database;
  readonly schemas: SchemaRegistry;
  readonly accounts: Accounts;
  readonly groups: Groups;
  readonly sessions: Sessions;
  readonly loginLimiter: LoginLimiter;
  readonly collectionGrants: CollectionGrants;
  readonly deposits: Deposits;
  readonly records: PublishedRecords;
  readonly buckets: Buckets;
  readonly repositories: RepositorySnapshots;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations and load built-in schemas (serve does; most commands do too). */
  prepare?: boolean;
  logger?: Logger;
}

export async function openCapsule(config: CapsuleConfig, options: OpenOptions = {}): Promise<Capsule> {
  const log = options.logger ?? pino({ level: config.logLevel });
  await fs.mkdir(config.dataDir, { recursive: true });
  const database = openDatabase(config.databaseUrl);
  try {
    if (options.prepare ?? true) await migrateToLatest(database);
    const schemas = new SchemaRegistry(database, config.baseUrl);
    if (options.prepare ?? true) {
      const report = await loadBuiltinSchemas(schemas);
      if (report.added.length) log.info({ added: report.added }, 'built-in schemas added');
      if (report.conflicting.length) log.warn({ conflicting: report.conflicting }, 'built-in schema files differ from stored versions; stored versions kept');
    }
    const accounts = new Accounts(database);
    const groups = new Groups(database);
    const collectionGrants = new CollectionGrants(database);
    const deps = { db: database.db, dialect: database.dialect, write: database.write, runWrite: database.runWrite, dataVersion: database.dataVersion, indexFirst: database.indexFirst, schemas, accounts, groups, collectionGrants };
    const deposits = new Deposits(deps);
    const records = new PublishedRecords(deps);
    const buckets = new Buckets({
      db: database.db,
      dialect: database.dialect,
      write: database.write,
      store: new LocalDiskStore(path.join(config.dataDir, 'files')),
      deposits,
      records,
      log,
      maxFileSize: config.maxFileSize,
      bucketQuota: config.bucketQuota,
    });
    const repositories = new RepositorySnapshots({
      db: database.db,
      buckets,
      deposits,
      log,
      gitHosts: config.gitHosts,
      limits: { workDir: path.join(config.dataDir, 'git'), timeoutMs: config.gitTimeout, maxBytes: config.gitMaxSize },
      webhookSecret: config.webhookSecret,
    });
    // Files let go of by discarded or deleted drafts while the last instance ran.
    if (options.prepare ?? true) await buckets.collectGarbage();
    return {
      config,
      log,
      database,
      schemas,
      accounts,
      groups,
      sessions: new Sessions(database, { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours }),
      loginLimiter: new LoginLimiter(database),
      collectionGrants,
      deposits,
      records,
      buckets,
      repositories,
      close: () => database.close(),
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
