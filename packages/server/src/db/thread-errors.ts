import { CapsuleError, type ErrorCode, type FieldError } from '../errors/capsule-error.js';

/**
 * An error as it crosses to another thread. Structured clone keeps an Error's name, message and
 * stack, not the properties callers tell errors apart by: a CapsuleError's code and field
 * errors, a driver error's code.
 */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
  errors?: FieldError[];
  /** It was a CapsuleError (or a subclass, whatever its name): it comes back as one, with its status. */
  capsule?: true;
}

export function sentError(e: unknown): SentError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const { code, errors } = e as Partial<Pick<CapsuleError, 'errors'>> & { code?: unknown };
  return { name: e.name, message: e.message, stack: e.stack, code, errors, ...(e instanceof CapsuleError ? { capsule: true } : {}) };
}

/** The error again, as the sending thread had it: a CapsuleError as one (a subclass as a CapsuleError of its name). */
export function receivedError(sent: SentError): Error {
  const error = sent.capsule ? new CapsuleError(sent.code as ErrorCode, sent.message, sent.errors) : Object.assign(new Error(sent.message), { code: sent.code });
  error.name = sent.name;
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}
