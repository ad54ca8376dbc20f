import { CapsuleError } from '../../errors/capsule-error.js';
import { SCHEMA_ORG_CONTEXT, SCHEMA_ORG_CONTEXT_URL } from './schema-org-context.js';

/** Every JSON-LD context Capsule's exports refer to by URL, by each spelling of that URL. */
const SHIPPED: Record<string, object> = {
  [SCHEMA_ORG_CONTEXT_URL]: SCHEMA_ORG_CONTEXT,
  [`${SCHEMA_ORG_CONTEXT_URL}/`]: SCHEMA_ORG_CONTEXT,
  'http://schema.org': SCHEMA_ORG_CONTEXT,
  'http://schema.org/': SCHEMA_ORG_CONTEXT,
};

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: { '@context': object };
}

/** A jsonld.js document loader that serves the shipped contexts and refuses everything else: nothing is fetched at run time. */
export async function offlineDocumentLoader(url: string): Promise<RemoteDocument> {
  const context = SHIPPED[url];
  if (context === undefined) throw new CapsuleError('not_found', `The JSON-LD context ${url} is not shipped with Capsule, and contexts are never fetched.`);
  return { contextUrl: null, documentUrl: url, document: { '@context': context } };
}
