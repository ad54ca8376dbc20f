import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CapsuleError, type ErrorCode, type FieldError } from '../errors/capsule-error.js';

/** The one place error codes become HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  conflict: 409,
  precondition_failed: 412,
  not_acceptable: 406,
  unsupported_media_type: 415,
  payload_too_large: 413,
  range_not_satisfiable: 416,
  rate_limited: 429,
  unavailable: 503,
  bad_gateway: 502,
  internal: 500,
};

/** The CAP error body: `{status, message, errors: [{field, message}]}`. */
export interface ErrorBody {
  status: number;
  message: string;
  errors: FieldError[];
}

/** Fastify's own errors (body parsing, limits, routing) in Capsule's terms. */
function fromFastify(error: FastifyError): CapsuleError {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new CapsuleError('unsupported_media_type', 'Unsupported media type: send application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CapsuleError('payload_too_large', 'The request body is larger than this server accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new CapsuleError('bad_request', 'The request body is empty; a JSON document was expected.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new CapsuleError('bad_request', `Malformed JSON: ${error.message}`);
    case 'FST_ERR_VALIDATION':
      return new CapsuleError('bad_request', error.message);
  }
  if (error instanceof SyntaxError) return new CapsuleError('bad_request', `Malformed JSON: ${error.message}`);
  const status = error.statusCode ?? 500;
  if (status === 413) return new CapsuleError('payload_too_large', 'The request body is larger than this server accepts.');
  if (status === 415) return new CapsuleError('unsupported_media_type', error.message);
  if (status === 429) return new CapsuleError('rate_limited', 'Too many requests; try again later.');
  if (status >= 400 && status < 500) return new CapsuleError('bad_request', error.message);
  return new CapsuleError('internal', 'Internal server error.');
}

export function errorHandler(error: FastifyError | CapsuleError, request: FastifyRequest, reply: FastifyReply): void {
  const capsuleError = error instanceof CapsuleError ? error : fromFastify(error);
  const status = STATUS_OF[capsuleError.code];
  // Unexpected failures are logged with their stack; the response never carries it.
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  const body: ErrorBody = { status, message: capsuleError.message, errors: capsuleError.errors };
  void reply.status(status).type('application/json; charset=utf-8').send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody = { status: 404, message: `No route for ${request.method} ${request.url.split('?')[0]}.`, errors: [] };
  void reply.status(404).send(body);
}
