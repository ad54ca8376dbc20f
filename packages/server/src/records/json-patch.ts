import jsonpatch from 'fast-json-patch';
import { CapsuleError } from '../errors/capsule-error.js';
import { pointerToPath } from '../errors/json-pointer.js';
import type { Metadata, Operation } from './record-types.js';

/** What fast-json-patch says about each failure, in words a client can act on. */
const REASONS: Record<string, string> = {
  SEQUENCE_NOT_AN_ARRAY: 'The patch must be a JSON array of operations.',
  OPERATION_NOT_AN_OBJECT: 'Each operation must be an object.',
  OPERATION_OP_INVALID: 'Unknown operation; use add, remove, replace, move, copy or test.',
  OPERATION_PATH_INVALID: 'The path must be a JSON Pointer string.',
  OPERATION_FROM_REQUIRED: 'This operation needs "from".',
  OPERATION_VALUE_REQUIRED: 'This operation needs "value".',
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: 'The value cannot contain undefined.',
  OPERATION_PATH_CANNOT_ADD: 'Cannot add at this path.',
  OPERATION_PATH_UNRESOLVABLE: 'The path does not exist in the document.',
  OPERATION_FROM_UNRESOLVABLE: 'The "from" path does not exist in the document.',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'Not a valid array index.',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'The array index is out of bounds.',
  TEST_OPERATION_FAILED: 'A test operation failed: the document is not as the patch expects.',
};

/**
 * Applies RFC 6902 operations to a copy of the document. Any failure is a 400 naming the
 * operation (its index) and why; the original document is untouched, so nothing is written.
 */
export function applyJsonPatch(doc: Metadata, ops: unknown): Metadata {
  if (!Array.isArray(ops)) throw new CapsuleError('bad_request', REASONS.SEQUENCE_NOT_AN_ARRAY!, [{ field: [], message: 'must be an array' }]);
  let result: unknown;
  try {
    result = jsonpatch.applyPatch(doc, ops as Operation[], true, false).newDocument;
  } catch (e) {
    const err = e as { name?: string; index?: number; operation?: { path?: unknown } };
    const index = err.index ?? 0;
    const path = typeof err.operation?.path === 'string' ? err.operation.path : '';
    const reason = (err.name && REASONS[err.name]) ?? `The patch cannot be applied: ${(e as Error).message}`;
    throw new CapsuleError('bad_request', `Operation ${index} of the patch: ${reason}`, [
      { field: path ? pointerToPath(path) : [index], message: reason },
    ]);
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new CapsuleError('bad_request', 'The patch must leave the metadata a JSON object.', [{ field: [], message: 'must be an object' }]);
  }
  return result as Metadata;
}
