import type { FastifyRequest } from 'fastify';

/** Whether the request's If-None-Match names this ETag (weak or strong): the client's copy is current. */
export function clientHasCurrent(request: FastifyRequest, etag: string | undefined): boolean {
  const given = request.headers['if-none-match'];
  return etag !== undefined && given !== undefined && given.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
