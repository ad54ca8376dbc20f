import { sql } from 'kysely';
import { checkIn } from './check-in.js';
import type { CapsuleMigration } from './migration.js';

/**
 * SQLite: the facets table clustered by its primary key (WITHOUT ROWID), as search_values is.
 * A rowid table kept its rows in one b-tree and its key in another, so every facet value a
 * write indexed went into three b-trees (with the counting index); now two, and the rows are
 * stored once. Nothing reads a facet's rowid. PostgreSQL's tables are heaps with separate
 * indexes either way: no change there. One transaction (SQLite's DDL is transactional, and
 * migrations there run without one): a stop midway leaves the old table, not none.
 */
export const facetsClusteredMigration: CapsuleMigration = {
  name: '0008-facets-clustered',
  async up(migrating, dialect) {
    if (dialect !== 'sqlite') return;
    await migrating.transaction().execute(async (db) => {
      await db.schema
        .createTable('facets_clustered')
        .addColumn('record_uuid', 'text', (c) => c.notNull().references('records.uuid'))
        .addColumn('scope', 'text', (c) => c.notNull().check(checkIn('scope', ['draft', 'published'])))
        .addColumn('facet', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('facets_pk', ['record_uuid', 'scope', 'facet', 'value'])
        .modifyEnd(sql`without rowid`)
        .execute();
      await sql`insert into facets_clustered (record_uuid, scope, facet, value) select record_uuid, scope, facet, value from facets order by record_uuid, scope, facet, value`.execute(db);
      await db.schema.dropTable('facets').execute();
      await db.schema.alterTable('facets_clustered').renameTo('facets').execute();
      await db.schema.createIndex('facets_counts').on('facets').columns(['scope', 'facet', 'value', 'record_uuid']).execute();
      await sql`analyze facets`.execute(db);
    });
  },
};
