import type { JsonSchema } from './schema-types.js';

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = [
  'additionalProperties', 'items', 'additionalItems', 'contains', 'propertyNames', 'then', 'else',
  'unevaluatedItems', 'unevaluatedProperties',
] as const;
/**
 * Keywords whose schema is a test, not a demand: `if: {required: ["scheme"]}` asks whether
 * the field is there, and `not` inverts. Loosening them would change which branch applies,
 * or make the document under `not` stricter, so they are kept as written.
 */
const CONDITION_KEYWORDS = ['if', 'not'] as const;
/** Keywords whose value is an array of schemas. */
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'] as const;
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;

/**
 * The schema a draft is checked against: the same types and formats, but nothing is
 * required, since a draft may be unfinished. `oneOf` becomes `anyOf` because, once
 * `required` is gone, branches that told themselves apart by it would all match.
 * Only keyword positions are rewritten: a property that happens to be named
 * `required` is left alone.
 */
export function lenientSchema(schema: JsonSchema): JsonSchema {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'required' && Array.isArray(value)) continue;
    if (keyword === 'dependentRequired') continue;
    if ((CONDITION_KEYWORDS as readonly string[]).includes(keyword)) {
      out[keyword] = value;
      continue;
    }
    const target = keyword === 'oneOf' ? 'anyOf' : keyword;
    if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(keyword) && Array.isArray(value)) {
      out[target] = value.map((s) => lenientSchema(s as JsonSchema));
    } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(keyword)) {
      out[target] = lenientSchema(value as JsonSchema);
    } else if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(keyword) && isPlainObject(value)) {
      out[target] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, lenientSchema(s as JsonSchema)]));
    } else {
      out[target] = value;
    }
  }
  // Merging the two anyOf sources would change meaning; keep a document that had both as it was.
  if ('oneOf' in schema && 'anyOf' in schema) {
    out.anyOf = (schema.anyOf as JsonSchema[]).map(lenientSchema);
    out.allOf = [...((out.allOf as JsonSchema[] | undefined) ?? []), { anyOf: (schema.oneOf as JsonSchema[]).map(lenientSchema) }];
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
