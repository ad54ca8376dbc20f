import Negotiator from 'negotiator';
import type { FastifyRequest } from 'fastify';
import { CapsuleError } from '../errors/capsule-error.js';

/**
 * The media type to answer with, from the request's Accept header and what the route can
 * produce (the first is the default for a missing or `*\/*` Accept). None acceptable: 406.
 */
export function negotiate<T extends string>(request: FastifyRequest, offered: readonly T[]): T {
  const accept = request.headers.accept;
  if (!accept) return offered[0]!;
  const chosen = new Negotiator({ headers: { accept } }).mediaType([...offered]);
  if (!chosen) {
    throw new CapsuleError('not_acceptable', `Cannot answer with ${accept}; available: ${offered.join(', ')}.`);
  }
  return chosen as T;
}
