/**
 * The part of the schema.org JSON-LD context that Capsule's schema.org export uses, shipped so
 * that expanding that export never fetches https://schema.org. It agrees with the published
 * context for these terms: the vocabulary is http://schema.org/ and link-valued terms are IRIs.
 */
export const SCHEMA_ORG_CONTEXT_URL = 'https://schema.org';

export const SCHEMA_ORG_CONTEXT = {
  '@vocab': 'http://schema.org/',
  schema: 'http://schema.org/',
  id: '@id',
  type: '@type',
  url: { '@id': 'schema:url', '@type': '@id' },
  sameAs: { '@id': 'schema:sameAs', '@type': '@id' },
  license: { '@id': 'schema:license', '@type': '@id' },
  contentUrl: { '@id': 'schema:contentUrl', '@type': '@id' },
  codeRepository: { '@id': 'schema:codeRepository', '@type': '@id' },
} as const;
