import { CapsuleError } from '../errors/capsule-error.js';
import type { Json, Metadata } from './record-types.js';

/**
 * Metadata as stored: what the client sent, less the keys CAP reserves. Keys starting with `_`
 * are the server's (CAP drops them from input); `$schema` and `$ana_type` choose the schema
 * and are not part of the document.
 */
export function cleanMetadata(body: unknown): Metadata {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CapsuleError('bad_request', 'The body must be a JSON object of metadata.', [{ field: [], message: 'must be an object' }]);
  }
  const out: Metadata = {};
  for (const [key, value] of Object.entries(body as Record<string, Json>)) {
    if (key.startsWith('_') || key === '$schema' || key === '$ana_type') continue;
    out[key] = value;
  }
  return out;
}
