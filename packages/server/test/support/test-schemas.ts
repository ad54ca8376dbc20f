import type { Capsule } from '../../src/capsule.js';

/** A schema that allows any object: for tests about the API rather than about validation. */
export const OPEN_SCHEMA = {
  name: 'open-test',
  version: '1.0.0',
  fullname: 'Anything goes',
  experiment: 'TEST',
  deposit_schema: { type: 'object' },
};

/** A small schema with required fields, types, a format and a facet. */
export const LIFECYCLE_SCHEMA = {
  name: 'lifecycle-test',
  version: '1.0.0',
  fullname: 'Lifecycle test',
  experiment: 'TEST',
  deposit_schema: {
    type: 'object',
    required: ['title', 'year'],
    properties: {
      title: { type: 'string', minLength: 1 },
      year: { type: 'integer' },
      orcid: { type: 'string', format: 'orcid' },
      tags: { type: 'array', items: { type: 'string' } },
      nested: { type: 'object', properties: { value: { type: 'number' } } },
    },
  },
  config: { title: '/title', facets: { tag: '/tags/*' } },
};

export async function addTestSchemas(capsule: Capsule): Promise<void> {
  await capsule.schemas.add(OPEN_SCHEMA);
  await capsule.schemas.add(LIFECYCLE_SCHEMA);
}
