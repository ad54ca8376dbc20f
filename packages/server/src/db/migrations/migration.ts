import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/** One step of the schema. The same list runs on both dialects; a step may branch on `dialect`. */
export interface CapsuleMigration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}
