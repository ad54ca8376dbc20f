import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../db/tables.js';
import type { StoredSchema } from '../schemas/schema-types.js';
import { valuesAt } from './facet-values.js';

type Executor = Kysely<Tables> | Transaction<Tables>;
export type FacetScope = 'draft' | 'published';

/** Facets every record has, whatever its schema. */
export const BUILTIN_FACETS = ['collection', 'experiment', 'status'] as const;

export interface FacetValue {
  facet: string;
  value: string;
}

/** The facet values of one document: the built-in ones, and those its schema's config points at. */
export function facetValuesOf(schema: Pick<StoredSchema, 'name' | 'experiment' | 'config'>, status: string, metadata: unknown): FacetValue[] {
  const out: FacetValue[] = [{ facet: 'collection', value: schema.name }, { facet: 'status', value: status }];
  if (schema.experiment) out.push({ facet: 'experiment', value: schema.experiment });
  for (const [facet, pointer] of Object.entries(schema.config.facets ?? {})) {
    if ((BUILTIN_FACETS as readonly string[]).includes(facet)) continue;
    for (const value of valuesAt(metadata, pointer)) out.push({ facet, value });
  }
  return out;
}

/** Replaces a record's facet rows for one scope, in the caller's transaction. */
export async function writeFacets(db: Executor, uuid: string, scope: FacetScope, values: readonly FacetValue[]): Promise<void> {
  await db.deleteFrom('facets').where('record_uuid', '=', uuid).where('scope', '=', scope).execute();
  const unique = new Map(values.map((v) => [`${v.facet}\u0000${v.value}`, v]));
  if (unique.size === 0) return;
  await db
    .insertInto('facets')
    .values([...unique.values()].map((v) => ({ record_uuid: uuid, scope, facet: v.facet, value: v.value })))
    .execute();
}
