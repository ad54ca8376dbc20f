import type { SchemaConfig, StoredSchema } from '../schemas/schema-types.js';

/** How a field's values are compared: as exact words, as numbers, or as ISO dates. */
export type FieldType = 'keyword' | 'number' | 'date';

/** A field a query may name, declared in a schema's `config.search.fields`. */
export interface SearchField {
  /** JSON Pointer, `*` for every array item. */
  pointer: string;
  type: FieldType;
}

/**
 * The `search` section of a schema config:
 * `{ ids: [pointer...], abstract: pointer, fields: { name: { pointer, type } } }`.
 * `ids` (CADI id, DOI) are weighted with the title, `abstract` next, every other string last.
 */
export interface SearchConfig {
  ids?: string[];
  abstract?: string;
  fields?: Record<string, SearchField>;
}

export function searchConfigOf(config: SchemaConfig): SearchConfig {
  const search = config.search;
  return typeof search === 'object' && search !== null ? (search as SearchConfig) : {};
}

/**
 * Fields every record has, stored on the record itself rather than in `search_values`:
 * `title` and `abstract` are searched as words in their part of the text.
 */
export const RECORD_FIELDS = {
  title: 'text',
  abstract: 'text',
  recid: 'keyword',
  id: 'keyword',
  created_by: 'keyword',
  created: 'date',
  updated: 'date',
} as const satisfies Record<string, 'text' | FieldType>;
export type RecordField = keyof typeof RECORD_FIELDS;

/** `schema` is the collection's other name, as CAP calls it. */
export const FIELD_ALIASES: Record<string, string> = { schema: 'collection' };

/**
 * Every field a query may name across the given schemas, with its type: facets (keywords) and
 * `config.search.fields`. A typed field declares its facet of the same name a number or date; a
 * name declared with different types by two schemas keeps the first.
 */
export function declaredFields(schemas: readonly Pick<StoredSchema, 'config'>[], builtinFacets: readonly string[]): Map<string, FieldType> {
  const out = new Map<string, FieldType>(builtinFacets.map((f) => [f, 'keyword']));
  for (const s of schemas) for (const facet of Object.keys(s.config.facets ?? {})) out.set(facet, 'keyword');
  const typed = new Set<string>();
  for (const s of schemas) {
    for (const [name, field] of Object.entries(searchConfigOf(s.config).fields ?? {})) {
      if (!typed.has(name)) out.set(name, field.type);
      typed.add(name);
    }
  }
  return out;
}
