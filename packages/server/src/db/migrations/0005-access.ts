import { checkIn } from './check-in.js';
import type { CapsuleMigration } from './migration.js';

export const accessMigration: CapsuleMigration = {
  name: '0005-access',
  async up(db) {
    // scrypt hash of a local account's password; accounts that sign in through an identity provider have none.
    await db.schema.alterTable('users').addColumn('password_hash', 'text').execute();

    // The equivalent of CERN e-groups: local, or kept in step with an identity provider's groups claim.
    await db.schema
      .createTable('groups')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('memberships')
      .addColumn('group_name', 'text', (c) => c.notNull().references('groups.name').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      /** 'local', or 'oidc:<provider>' for memberships an identity provider asserts (and may take back). */
      .addColumn('source', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('memberships_pk', ['group_name', 'user_id'])
      .execute();
    await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

    // Server-side sessions, so any instance can serve any request; only the id's hash is stored.
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('expires', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    // Grants on every analysis of a schema: who may create drafts of it, who may read its published records.
    await db.schema
      .createTable('collection_grants')
      .addColumn('schema_name', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull().check(checkIn('action', ['deposit-create', 'record-read'])))
      .addColumn('subject_type', 'text', (c) => c.notNull().check(checkIn('subject_type', ['user', 'group', 'everyone'])))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('collection_grants_pk', ['schema_name', 'action', 'subject_type', 'subject'])
      .execute();

    // Failed sign-ins per account and per address, shared by every instance, for rate limiting.
    await db.schema
      .createTable('login_failures')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_failures_key').on('login_failures').columns(['key', 'at']).execute();
  },
};
