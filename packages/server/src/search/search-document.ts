import type { StoredSchema } from '../schemas/schema-types.js';
import { facetValuesOf, type FacetValue } from './facet-index.js';
import { valuesAt } from './facet-values.js';
import { searchConfigOf } from './search-fields.js';
import { indexText } from './text-tokens.js';

/** A document's words beyond this many characters are not indexed (PostgreSQL caps a tsvector at 1 MB). */
export const MAX_BODY_CHARS = 200_000;

/** A typed field value as `search_values` holds it. */
export interface FieldValue {
  field: string;
  value: string;
  number: number | null;
}

/** What the index stores for one scope of one record, computed from its metadata and schema. */
export interface SearchDocument {
  /** Words, weighted from highest to lowest: title, ids (CADI id, DOI...), abstract, every string. */
  title: string;
  ids: string;
  abstract: string;
  body: string;
  /** The title as shown, lowercased: the sort key. */
  sortTitle: string;
  facets: FacetValue[];
  values: FieldValue[];
}

type Schema = Pick<StoredSchema, 'name' | 'version' | 'experiment' | 'config'>;

/** Every string in a document, depth first, until `limit` characters are collected. */
function stringsOf(node: unknown, out: string[], budget: { left: number }): void {
  if (budget.left <= 0) return;
  if (typeof node === 'string') {
    out.push(node);
    budget.left -= node.length;
  } else if (Array.isArray(node)) {
    for (const n of node) stringsOf(n, out, budget);
  } else if (typeof node === 'object' && node !== null) {
    for (const v of Object.values(node)) stringsOf(v, out, budget);
  }
}

const wordsAt = (metadata: unknown, pointers: readonly string[]): string => indexText(pointers.flatMap((p) => valuesAt(metadata, p)).join(' '));

/**
 * The document last computed from each metadata object (metadata is never changed in place, see
 * applyJsonPatch): a write reindexes from the document as it was, which the previous write of the
 * same draft computed, and its stored metadata is handed back as the same object (record-store).
 */
const computed = new WeakMap<object, { schema: Schema; status: string; doc: SearchDocument }>();

export function searchDocumentOf(schema: Schema, status: string, metadata: unknown): SearchDocument {
  if (typeof metadata !== 'object' || metadata === null) return computeSearchDocument(schema, status, metadata);
  const known = computed.get(metadata);
  if (known && known.schema === schema && known.status === status) return known.doc;
  const doc = computeSearchDocument(schema, status, metadata);
  computed.set(metadata, { schema, status, doc });
  return doc;
}

function computeSearchDocument(schema: Schema, status: string, metadata: unknown): SearchDocument {
  const search = searchConfigOf(schema.config);
  const titleText = schema.config.title ? valuesAt(metadata, schema.config.title).join(' ') : '';
  const strings: string[] = [];
  stringsOf(metadata, strings, { left: MAX_BODY_CHARS });
  const body = indexText(strings.join(' '));
  const facets = facetValuesOf(schema, status, metadata);
  const values: FieldValue[] = facets.map((f) => ({ field: f.facet, value: f.value.toLowerCase(), number: null }));
  for (const [field, spec] of Object.entries(search.fields ?? {})) {
    for (const raw of valuesAt(metadata, spec.pointer)) {
      const n = spec.type === 'number' ? Number(raw) : NaN;
      values.push({ field, value: raw.toLowerCase(), number: Number.isFinite(n) ? n : null });
    }
  }
  // A facet and a typed field of the same name give the same value twice: keep the one with a number.
  const unique = new Map<string, FieldValue>();
  for (const v of values) {
    const key = `${v.field}\u0000${v.value}`;
    if (!unique.has(key) || v.number !== null) unique.set(key, v);
  }
  return {
    title: indexText(titleText),
    ids: wordsAt(metadata, search.ids ?? []),
    abstract: search.abstract ? wordsAt(metadata, [search.abstract]) : '',
    body: body.length > MAX_BODY_CHARS ? body.slice(0, body.lastIndexOf(' ', MAX_BODY_CHARS)) : body,
    sortTitle: titleText.trim().toLowerCase().slice(0, 200),
    facets,
    values: [...unique.values()],
  };
}
