import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.js';
import type { SchemaConfig } from '../schemas/schema-types.js';
import { BUILTIN_FACETS } from './facet-index.js';
import { declaredFields, type FieldType } from './search-fields.js';

/** What a query may name, from the stored schemas' configs. */
export interface Catalog {
  /** Field name -> type, over every collection. */
  fields: ReadonlyMap<string, FieldType>;
}

/**
 * The catalog, read again only when the schema registry's generation changes (every schema
 * write bumps it, on any instance), so a search costs one small query for it.
 */
export class FieldCatalog {
  readonly #db: Kysely<Tables>;
  #generation = -1;
  #catalog: Catalog = { fields: new Map() };

  constructor(db: Kysely<Tables>) {
    this.#db = db;
  }

  async current(): Promise<Catalog> {
    const row = await this.#db.selectFrom('schema_generation').select('generation').where('id', '=', 1).executeTakeFirstOrThrow();
    const generation = Number(row.generation);
    if (generation !== this.#generation) {
      const rows = await this.#db.selectFrom('schemas').select('config').where('kind', '=', 'collection').orderBy('name').orderBy('created', 'desc').execute();
      const schemas = rows.map((r) => ({ config: JSON.parse(r.config) as SchemaConfig }));
      this.#catalog = { fields: declaredFields(schemas, BUILTIN_FACETS) };
      this.#generation = generation;
    }
    return this.#catalog;
  }
}
