import type { Kysely } from 'kysely';
import { checkIn } from './check-in.js';
import type { CapsuleMigration } from './migration.js';

/**
 * Files and buckets. `files` holds one row per distinct content (unique sha256), stored once on
 * disk; `objects` name a file under a key in a bucket, so a clone or a published snapshot refers
 * to the same file without copying bytes. A draft has one bucket; each published version has its
 * own locked bucket with the objects it was published with.
 */
export const filesMigration: CapsuleMigration = {
  name: '0004-files',
  async up(db: Kysely<unknown>, dialect) {
    const bytes = dialect === 'postgres' ? 'bigint' : 'integer';

    await db.schema
      .createTable('files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('sha256', 'text', (c) => c.notNull().unique())
      .addColumn('md5', 'text', (c) => c.notNull())
      .addColumn('size', bytes, (c) => c.notNull())
      /** Where the store keeps the bytes, relative to its root. */
      .addColumn('location', 'text', (c) => c.notNull().unique())
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('buckets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('record_uuid', 'text', (c) => c.notNull().references('records.uuid'))
      .addColumn('kind', 'text', (c) => c.notNull().check(checkIn('kind', ['draft', 'version'])))
      /** For a version's bucket: which published version it belongs to. */
      .addColumn('recid', 'text')
      .addColumn('version', 'integer')
      .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('buckets_record').on('buckets').columns(['record_uuid', 'kind']).execute();
    await db.schema.createIndex('buckets_version').on('buckets').columns(['recid', 'version']).unique().execute();

    await db.schema
      .createTable('objects')
      .addColumn('bucket_id', 'text', (c) => c.notNull().references('buckets.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('version_id', 'text', (c) => c.notNull())
      .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
      /** JSON object of string tags. */
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('objects_pk', ['bucket_id', 'key'])
      .execute();
    await db.schema.createIndex('objects_file').on('objects').column('file_id').execute();

    // Git repositories attached to a draft (once, or followed through a webhook) and their snapshots.
    await db.schema
      .createTable('repositories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('record_uuid', 'text', (c) => c.notNull().references('records.uuid'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('ref', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.check(checkIn('event_type', ['push', 'release'])))
      .addColumn('webhook', 'integer', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('repositories_record').on('repositories').columns(['record_uuid', 'host', 'owner', 'name', 'ref']).unique().execute();
    await db.schema.createIndex('repositories_follow').on('repositories').columns(['host', 'owner', 'name', 'webhook']).execute();

    await db.schema
      .createTable('repository_snapshots')
      .addColumn('repository_id', 'text', (c) => c.notNull().references('repositories.id'))
      .addColumn('commit_id', 'text', (c) => c.notNull())
      /** The object key of the archive in the draft's bucket. */
      .addColumn('key', 'text', (c) => c.notNull())
      /** JSON: what triggered it (the request, or the webhook event). */
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('repository_snapshots_repository').on('repository_snapshots').columns(['repository_id', 'created']).execute();
  },
};
