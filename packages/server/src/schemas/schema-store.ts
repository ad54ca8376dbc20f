import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DialectName } from '../db/database.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { SchemasTable, Tables } from '../db/tables.js';
import type { StoredSchema } from './schema-types.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

function fromRow(row: Selectable<SchemasTable>): StoredSchema {
  return {
    name: row.name,
    version: row.version,
    kind: row.kind,
    fullname: row.fullname,
    experiment: row.experiment,
    deposit_schema: JSON.parse(row.deposit_schema),
    record_schema: JSON.parse(row.record_schema),
    deposit_options: JSON.parse(row.deposit_options),
    config: JSON.parse(row.config),
    created: row.created,
  };
}

function toRow(s: StoredSchema): SchemasTable {
  return {
    name: s.name,
    version: s.version,
    kind: s.kind,
    fullname: s.fullname,
    experiment: s.experiment,
    deposit_schema: JSON.stringify(s.deposit_schema),
    record_schema: JSON.stringify(s.record_schema),
    deposit_options: JSON.stringify(s.deposit_options),
    config: JSON.stringify(s.config),
    created: s.created,
  };
}

/** Looked up by every new draft that names its schema by name alone: compiled once. */
const versionsByName = preparedQuery((db, name: string) => db.selectFrom('schemas').select('version').where('name', '=', name));

/** Data access for the schema registry: queries only, no rules. */
export const schemaStore = {
  async find(db: Executor, name: string, version: string): Promise<StoredSchema | undefined> {
    const row = await db.selectFrom('schemas').selectAll().where('name', '=', name).where('version', '=', version).executeTakeFirst();
    return row && fromRow(row);
  },

  async versionsOf(db: Executor, name: string): Promise<string[]> {
    return (await versionsByName(db, name)).map((r) => r.version);
  },

  async all(db: Executor): Promise<StoredSchema[]> {
    const rows = await db.selectFrom('schemas').selectAll().orderBy('name').execute();
    return rows.map(fromRow);
  },

  async insert(db: Executor, schema: StoredSchema): Promise<void> {
    await db.insertInto('schemas').values(toRow(schema)).execute();
  },

  async replace(db: Executor, schema: StoredSchema): Promise<void> {
    const { name, version, ...rest } = toRow(schema);
    await db.updateTable('schemas').set(rest).where('name', '=', name).where('version', '=', version).execute();
  },

  async remove(db: Executor, name: string, version: string): Promise<void> {
    await db.deleteFrom('schemas').where('name', '=', name).where('version', '=', version).execute();
  },

  /**
   * Holds a version's row for the rest of the transaction: a record being made with it (its
   * foreign key locks that row) waits until the transaction ends, or the transaction waits for
   * the record. SQLite's write transaction already excludes every other writer.
   */
  async lock(trx: Transaction<Tables>, dialect: DialectName, name: string, version: string): Promise<void> {
    if (dialect === 'postgres') await trx.selectFrom('schemas').select('name').where('name', '=', name).where('version', '=', version).forUpdate().execute();
  },

  /** Whether any draft or published version was made with this schema version. */
  async usedByRecords(db: Executor, name: string, version: string): Promise<boolean> {
    const head = await db.selectFrom('records').select('uuid').where('schema_name', '=', name).where('schema_version', '=', version).limit(1).executeTakeFirst();
    if (head) return true;
    const published = await db.selectFrom('record_versions').select('recid').where('schema_name', '=', name).where('schema_version', '=', version).limit(1).executeTakeFirst();
    return published !== undefined;
  },

  async generation(db: Executor): Promise<number> {
    const row = await db.selectFrom('schema_generation').select('generation').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.generation);
  },

  async bumpGeneration(db: Executor): Promise<void> {
    await db
      .updateTable('schema_generation')
      .set((eb) => ({ generation: eb('generation', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  },
};
