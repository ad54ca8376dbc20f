import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { checkIn } from './check-in.js';
import type { CapsuleMigration } from './migration.js';

/** An integer key the database assigns: the spelling differs between the dialects. */
function autoId(db: Kysely<unknown>, dialect: DialectName, table: string) {
  const builder = db.schema.createTable(table);
  return dialect === 'postgres'
    ? builder.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : builder.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export const recordsMigration: CapsuleMigration = {
  name: '0002-records',
  async up(db, dialect) {
    await autoId(db, dialect, 'users')
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();

    await autoId(db, dialect, 'tokens')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('expires', 'text')
      .addColumn('revoked', 'text')
      .addColumn('last_used', 'text')
      .execute();
    await db.schema.createIndex('tokens_user').on('tokens').column('user_id').execute();

    // The head of every analysis: its current draft state. `revision` is the optimistic-lock
    // counter and the ETag; `recid` is minted at first publish and never changes.
    await db.schema
      .createTable('records')
      .addColumn('uuid', 'text', (c) => c.primaryKey())
      .addColumn('recid', 'text', (c) => c.unique())
      .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['draft', 'published'])))
      .addColumn('schema_name', 'text', (c) => c.notNull())
      .addColumn('schema_version', 'text', (c) => c.notNull())
      .addColumn('json', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .addColumn('cloned_from', 'text')
      .addColumn('deleted', 'text')
      .addForeignKeyConstraint('records_schema_fk', ['schema_name', 'schema_version'], 'schemas', ['name', 'version'])
      .execute();
    await db.schema.createIndex('records_updated').on('records').columns(['updated', 'uuid']).execute();
    await db.schema.createIndex('records_created_by').on('records').column('created_by').execute();
    await db.schema.createIndex('records_schema').on('records').columns(['schema_name', 'schema_version']).execute();

    // Every published version, immutable once written.
    await db.schema
      .createTable('record_versions')
      .addColumn('recid', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('record_uuid', 'text', (c) => c.notNull().references('records.uuid'))
      .addColumn('schema_name', 'text', (c) => c.notNull())
      .addColumn('schema_version', 'text', (c) => c.notNull())
      .addColumn('json', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('published_by', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('published', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('record_versions_pk', ['recid', 'version'])
      .execute();
    await db.schema.createIndex('record_versions_published').on('record_versions').columns(['published', 'recid']).execute();

    // Append-only history: the patch from the previous revision, and a full snapshot every so often.
    await db.schema
      .createTable('revisions')
      .addColumn('record_uuid', 'text', (c) => c.notNull().references('records.uuid'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('json_patch', 'text', (c) => c.notNull())
      .addColumn('snapshot', 'text')
      .addColumn('actor', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('revisions_pk', ['record_uuid', 'revision'])
      .execute();

    await db.schema
      .createTable('access')
      .addColumn('record_uuid', 'text', (c) => c.notNull().references('records.uuid'))
      .addColumn('action', 'text', (c) => c.notNull().check(checkIn('action', ['deposit-read', 'deposit-update', 'deposit-admin', 'record-read'])))
      .addColumn('subject_type', 'text', (c) => c.notNull().check(checkIn('subject_type', ['user', 'group', 'everyone'])))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('access_pk', ['record_uuid', 'action', 'subject_type', 'subject'])
      .execute();
    await db.schema.createIndex('access_subject').on('access').columns(['subject_type', 'subject', 'action']).execute();

    // Facet values of each record's draft and of its latest published version, so that facet
    // counts and filters are a portable GROUP BY / join on both dialects.
    await db.schema
      .createTable('facets')
      .addColumn('record_uuid', 'text', (c) => c.notNull().references('records.uuid'))
      .addColumn('scope', 'text', (c) => c.notNull().check(checkIn('scope', ['draft', 'published'])))
      .addColumn('facet', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('facets_pk', ['record_uuid', 'scope', 'facet', 'value'])
      .execute();
    await db.schema.createIndex('facets_lookup').on('facets').columns(['scope', 'facet', 'value']).execute();
  },
};
