import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorHandler } from './error-handler.js';
import { setSecurityHeaders } from './security-headers.js';

/**
 * Requests fastify refuses before routing them (a malformed URL, an over-long parameter) skip
 * every hook; they are answered like any other error, in the CAP shape, with the security headers.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  setSecurityHeaders(request, reply);
  errorHandler(error, request, reply);
}
