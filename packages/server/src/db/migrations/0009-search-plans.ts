import { sql } from 'kysely';
import type { CapsuleMigration } from './migration.js';

/**
 * PostgreSQL: what its planner needs to choose good plans for searches at scale.
 *
 * The grants to everyone (public records) in an index of their own. A search of published records
 * tests its matches for one (access/access-filter.ts); through the primary key that is a probe
 * among all grants of a record, and collecting them all read the whole access table (four grants
 * a record). This index holds only the public ones, record first, and answers both from the index.
 *
 * Statistics of columns that go together. The planner multiplies the selectivities of the columns
 * of a condition as if they were independent: `year >= 2012` was taken to mean 2% of all values
 * (most are not numbers), `collection = cms-analysis` 0.3% of all facet values (the value alone
 * already names the facet). Estimating 100 times too few matches, it collected every match and
 * sorted them (0.1 to 0.5 s) where walking the sort order and testing each document finds a page
 * in a millisecond. The common pairs are counted together instead (mcv: most common values).
 *
 * More words in the statistics of the full text: a word missing from them is estimated as half as
 * frequent as the rarest one kept, which with the default 100 made `jade OR opera` (233 matches)
 * look like 2,000 and its page a parallel plan, whose workers took longer to start than the query.
 *
 * SQLite plans from its own statistics (analyze) and needs none of these.
 */
export const searchPlansMigration: CapsuleMigration = {
  name: '0009-search-plans',
  async up(db, dialect) {
    if (dialect !== 'postgres') return;
    await sql`create index if not exists access_public on access (record_uuid, action) where subject_type = 'everyone'`.execute(db);
    await sql`create statistics if not exists search_values_field_number (mcv) on field, number from search_values`.execute(db);
    await sql`create statistics if not exists facets_facet_value (mcv) on facet, value from facets`.execute(db);
    // Every facet's values: a few hundred pairs, more than the 100 kept by default.
    await sql`alter statistics facets_facet_value set statistics 1000`.execute(db);
    await sql`alter table search_docs alter column tsv set statistics 1000`.execute(db);
    await sql`analyze access, search_values, facets, search_docs`.execute(db);
  },
};
