import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.js';
import { VersionedCache } from '../read-cache/versioned-cache.js';
import type { SchemaConfig } from '../schemas/schema-types.js';
import { BUILTIN_FACETS } from './facet-index.js';
import { declaredFields, type FieldType } from './search-fields.js';

/** What a query may name, from the stored schemas' configs. */
export interface Catalog {
  /** The schema registry's generation it was read at: what was compiled against it stays valid while it does. */
  generation: number;
  /** Field name -> type, over every collection. */
  fields: ReadonlyMap<string, FieldType>;
}

/**
 * The catalog, read again only when the schema registry's generation changes (every schema
 * write bumps it, on any instance), so a search costs one small query for it; none while the
 * database's data version stays the same (a schema write is a commit, which moves it).
 */
export class FieldCatalog {
  readonly #db: Kysely<Tables>;
  #catalog: Catalog = { generation: -1, fields: new Map() };
  readonly #checked = new VersionedCache<'catalog', Catalog>(1);

  constructor(db: Kysely<Tables>) {
    this.#db = db;
  }

  /** The catalog as of `dataVersion` (Database.dataVersion, read when the request arrived). */
  current(dataVersion: string | undefined): Promise<Catalog> {
    return this.#checked.read(dataVersion, 'catalog', () => this.#read());
  }

  async #read(): Promise<Catalog> {
    const row = await this.#db.selectFrom('schema_generation').select('generation').where('id', '=', 1).executeTakeFirstOrThrow();
    const generation = Number(row.generation);
    if (generation !== this.#catalog.generation) {
      const rows = await this.#db.selectFrom('schemas').select('config').where('kind', '=', 'collection').orderBy('name').orderBy('created', 'desc').execute();
      const schemas = rows.map((r) => ({ config: JSON.parse(r.config) as SchemaConfig }));
      this.#catalog = { generation, fields: declaredFields(schemas, BUILTIN_FACETS) };
    }
    return this.#catalog;
  }
}
