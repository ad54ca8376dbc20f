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

export function searchDocumentOf(schema: Schema, status: string, metadata: unknown): SearchDocument {
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
