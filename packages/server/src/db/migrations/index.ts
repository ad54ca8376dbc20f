import type { CapsuleMigration } from './migration.js';
import { schemasMigration } from './0001-schemas.js';
import { recordsMigration } from './0002-records.js';

/** Every migration, in order. Append; never edit one that has shipped. */
export const migrations: readonly CapsuleMigration[] = [schemasMigration, recordsMigration];
