import type { FastifyInstance } from 'fastify';
import { CapsuleError } from '../errors/capsule-error.js';

/** Media types whose bodies are JSON; anything else is 415. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/json-patch+json'];

/**
 * JSON bodies, parsed by fastify's own safe parser (it refuses prototype poisoning), except that
 * an empty body is no body: CAP clients POST actions such as publish with a JSON content type and nothing in it.
 */
export function registerJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_MEDIA_TYPES, { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    parse(request, text, done);
  });
}

/** The parsed body of a request that must have one. */
export function requireBody(body: unknown): unknown {
  if (body === undefined) throw new CapsuleError('bad_request', 'A JSON body is required.');
  return body;
}

/** The parsed body of a request that must be a JSON object (not null, an array or a scalar). */
export function requireObject(body: unknown): Record<string, unknown> {
  const value = requireBody(body);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CapsuleError('bad_request', 'The body must be a JSON object.', [{ field: [], message: 'must be an object' }]);
  }
  return value as Record<string, unknown>;
}
