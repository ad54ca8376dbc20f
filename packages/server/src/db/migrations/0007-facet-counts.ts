import { sql } from 'kysely';
import type { CapsuleMigration } from './migration.js';

/**
 * Facet counts and facet filters read only an index: with the record in it, counting the
 * values of a facet over the matching records never visits the facets table itself. It
 * replaces the index without the record, of which it is an extension.
 */
export const facetCountsMigration: CapsuleMigration = {
  name: '0007-facet-counts',
  async up(db) {
    await db.schema.createIndex('facets_counts').ifNotExists().on('facets').columns(['scope', 'facet', 'value', 'record_uuid']).execute();
    await db.schema.dropIndex('facets_lookup').ifExists().execute();
    // Planner statistics for the new index, on databases that already hold records.
    await sql`analyze facets`.execute(db);
  },
};
