import type { CapsuleMigration } from './migration.js';

export const oidcMigration: CapsuleMigration = {
  name: '0006-oidc',
  async up(db) {
    // Sign-ins through an identity provider that have started and not yet come back: kept in
    // the database so that any instance can finish one, deleted when used or expired.
    await db.schema
      .createTable('oidc_pending_logins')
      /** sha256 of the state parameter; the state itself travels only through the browser. */
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      /** Where the browser goes once signed in: a path on this site. */
      .addColumn('return_to', 'text', (c) => c.notNull())
      .addColumn('expires', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oidc_pending_logins_expires').on('oidc_pending_logins').column('expires').execute();
  },
};
