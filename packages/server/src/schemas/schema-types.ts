/** A JSON Schema document, as stored and served. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

export type SchemaKind = 'collection' | 'shared';

/**
 * Per-schema behaviour, kept as configuration rather than code (as InvenioRDM does).
 * JSON Pointers may use `*` for "every item of an array": `/physics_objects/*\/physics_object`.
 */
export interface SchemaConfig {
  /** Pointer to the record's title, shown in listings and weighted highest in search. */
  title?: string;
  /** Facet name -> pointer of the values it counts. */
  facets?: Record<string, string>;
  /** Published ids; `{experiment}` and `{random}` (4 characters) are filled in. Default `CAP.{experiment}.{random}.{random}`. */
  pid_format?: string;
  /** Whether published versions go through review. */
  reviewable?: boolean;
  [key: string]: unknown;
}

/** One version of a schema, as the registry holds it. */
export interface StoredSchema {
  name: string;
  version: string;
  kind: SchemaKind;
  fullname: string;
  experiment: string | null;
  deposit_schema: JsonSchema;
  record_schema: JsonSchema;
  /** UI options for generated forms (react-jsonschema-form's uiSchema). */
  deposit_options: Record<string, unknown>;
  config: SchemaConfig;
  created: string;
}

/** What an upload or a built-in file provides; `record_schema` defaults to the deposit schema. */
export interface SchemaInput {
  name: string;
  version: string;
  kind?: SchemaKind;
  fullname?: string;
  experiment?: string | null;
  deposit_schema: JsonSchema;
  record_schema?: JsonSchema;
  deposit_options?: Record<string, unknown>;
  config?: SchemaConfig;
}

/** Which of a collection's two schemas: the lenient one drafts are checked against, or the full one for publishing. */
export type SchemaVariant = 'deposit' | 'record';

/** How strictly a document is validated: drafts may be incomplete, records may not. */
export type ValidationMode = 'draft' | 'full';
