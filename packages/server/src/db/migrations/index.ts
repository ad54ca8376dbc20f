import type { CapsuleMigration } from './migration.js';
import { schemasMigration } from './0001-schemas.js';
import { recordsMigration } from './0002-records.js';
import { searchMigration } from './0003-search.js';
import { filesMigration } from './0004-files.js';
import { accessMigration } from './0005-access.js';
import { oidcMigration } from './0006-oidc.js';
import { facetCountsMigration } from './0007-facet-counts.js';
import { facetsClusteredMigration } from './0008-facets-clustered.js';
import { searchPlansMigration } from './0009-search-plans.js';
import { ftsPerScopeMigration } from './0010-fts-per-scope.js';
import { accountsVersionMigration } from './0011-accounts-version.js';

/** Every migration, in order. Append; never edit one that has shipped. */
export const migrations: readonly CapsuleMigration[] = [schemasMigration, recordsMigration, searchMigration, filesMigration, accessMigration, oidcMigration, facetCountsMigration, facetsClusteredMigration, searchPlansMigration, ftsPerScopeMigration, accountsVersionMigration];
