/**
 * The database tables as Kysely sees them. JSON documents are stored as text on both
 * dialects: PostgreSQL's jsonb would reorder keys, and a preserved record must come back
 * exactly as it was written. Times are ISO-8601 UTC strings, which sort as text.
 */

export interface SchemasTable {
  name: string;
  version: string;
  /** 'collection': records are made with it; 'shared': a sub-schema other schemas `$ref`. */
  kind: 'collection' | 'shared';
  fullname: string;
  experiment: string | null;
  deposit_schema: string;
  record_schema: string;
  deposit_options: string;
  config: string;
  created: string;
}

export interface SchemaGenerationTable {
  id: number;
  generation: number;
}

export interface Tables {
  schemas: SchemasTable;
  schema_generation: SchemaGenerationTable;
}
