import type { StoredSchema } from '../schemas/schema-types.js';
import { valuesAt } from './facet-values.js';

export type FacetScope = 'draft' | 'published';

/** Facets every record has, whatever its schema; `version` is the collection with its version, `cms-analysis@1.0.0`. */
export const BUILTIN_FACETS = ['collection', 'version', 'experiment', 'status'] as const;

export interface FacetValue {
  facet: string;
  value: string;
}

/**
 * The facet values of one document: the built-in ones, and those its schema's config points at.
 * A schema whose records each name their experiment (open data) declares an `experiment` facet,
 * which then replaces the schema's own experiment.
 */
export function facetValuesOf(schema: Pick<StoredSchema, 'name' | 'version' | 'experiment' | 'config'>, status: string, metadata: unknown): FacetValue[] {
  const out: FacetValue[] = [
    { facet: 'collection', value: schema.name },
    { facet: 'version', value: `${schema.name}@${schema.version}` },
    { facet: 'status', value: status },
  ];
  const declared = schema.config.facets ?? {};
  if (schema.experiment && declared.experiment === undefined) out.push({ facet: 'experiment', value: schema.experiment });
  for (const [facet, pointer] of Object.entries(declared)) {
    if (facet !== 'experiment' && (BUILTIN_FACETS as readonly string[]).includes(facet)) continue;
    for (const value of valuesAt(metadata, pointer)) out.push({ facet, value });
  }
  return out;
}
