import type { CapsuleMigration } from './migration.js';
import { sql } from 'kysely';
import { checkIn } from './check-in.js';

export const schemasMigration: CapsuleMigration = {
  name: '0001-schemas',
  async up(db) {
    await db.schema
      .createTable('schemas')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(checkIn('kind', ['collection', 'shared'])))
      .addColumn('fullname', 'text', (c) => c.notNull())
      .addColumn('experiment', 'text')
      .addColumn('deposit_schema', 'text', (c) => c.notNull())
      .addColumn('record_schema', 'text', (c) => c.notNull())
      .addColumn('deposit_options', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('schemas_pk', ['name', 'version'])
      .execute();
    // Bumped whenever a stored version changes or goes, so every instance knows its compiled validators are stale.
    await db.schema
      .createTable('schema_generation')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('generation', 'integer', (c) => c.notNull())
      .execute();
    await sql`insert into schema_generation (id, generation) values (1, 0)`.execute(db);
  },
};

