/**
 * Errors are values with a code. Services throw them; the HTTP layer maps each code
 * to a status in one place (http/error-handler.ts), the CLI maps them to exit messages.
 */
export type ErrorCode =
  | 'bad_request' // malformed input that is not about a particular field
  | 'invalid' // well-formed input that breaks a rule; carries field errors
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'precondition_failed'
  | 'not_acceptable'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'range_not_satisfiable'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_gateway' // a server this one depends on (a git host) failed
  | 'internal';

/** Path of a field inside a JSON document, as CAP clients print it: ["a", "b", 0, "c"]. */
export type FieldPath = (string | number)[];

export interface FieldError {
  field: FieldPath;
  message: string;
}

export class CapsuleError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[];

  constructor(code: ErrorCode, message: string, errors: FieldError[] = []) {
    super(message);
    this.name = 'CapsuleError';
    this.code = code;
    this.errors = errors;
  }
}

export const badRequest = (message: string, errors: FieldError[] = []) =>
  new CapsuleError('bad_request', message, errors);

export const notFound = (message = 'Not found.') => new CapsuleError('not_found', message);

export const isCapsuleError = (e: unknown): e is CapsuleError => e instanceof CapsuleError;
