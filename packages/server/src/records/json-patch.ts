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

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * RFC 6901 writes array indices without leading zeros; fast-json-patch reads `01` as 1, so
 * pointers are checked against the document as it is when each operation applies.
 */
function checkArrayIndices(doc: unknown, pointer: unknown, index: number, op: Operation): void {
  if (typeof pointer !== 'string' || pointer === '') return;
  const tokens = pointer.slice(1).split('/');
  let node: unknown = doc;
  for (const [i, token] of tokens.entries()) {
    if (Array.isArray(node)) {
      const dashAllowed = token === '-' && i === tokens.length - 1 && (op.op === 'add' || (op.op === 'move' || op.op === 'copy') && pointer === op.path);
      if (!dashAllowed && !ARRAY_INDEX.test(token)) {
        throw Object.assign(new Error('bad array index'), { name: 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX', index, operation: op });
      }
      node = node[Number(token)];
    } else if (typeof node === 'object' && node !== null) {
      node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
    } else {
      return;
    }
  }
}

/**
 * Applies RFC 6902 operations to a copy of the document. Any failure is a 400 naming the
 * operation (its index) and why; the original document is untouched, so nothing is written.
 */
export function applyJsonPatch(doc: Metadata, ops: unknown): Metadata {
  if (!Array.isArray(ops)) throw new CapsuleError('bad_request', REASONS.SEQUENCE_NOT_AN_ARRAY!, [{ field: [], message: 'must be an array' }]);
  // Only the members operations write into are copied (a large record, edited a field at a time,
  // is mostly left as it is); the rest are shared with `doc`, which is never changed.
  let result: unknown = { ...doc };
  const copied = new Set<string>();
  const own = (pointer: unknown) => {
    if (typeof pointer !== 'string' || !pointer.startsWith('/') || typeof result !== 'object' || result === null || Array.isArray(result)) return;
    const member = jsonpatch.unescapePathComponent(pointer.slice(1).split('/')[0]!);
    const target = result as Record<string, unknown>;
    if (copied.has(member) || !Object.hasOwn(target, member)) return;
    copied.add(member);
    target[member] = jsonpatch.deepClone(target[member]);
  };
  try {
    for (const [index, op] of (ops as Operation[]).entries()) {
      // The operation's shape first; validate() returns its error instead of throwing, and numbers it within the one-op list.
      const invalid = jsonpatch.validate([op]);
      if (invalid) throw Object.assign(invalid, { index, operation: op });
      checkArrayIndices(result, op.path, index, op);
      if (op.op === 'move' || op.op === 'copy') checkArrayIndices(result, op.from, index, op);
      if (op.op !== 'test') own(op.path);
      // A move removes its source.
      if (op.op === 'move') own(op.from);
      // Checked against the document as it applies (validate() with a document would copy all of it first).
      try {
        result = jsonpatch.applyOperation(result, op, true, true, true, index).newDocument;
      } catch (e) {
        throw Object.assign(e as Error, { index, operation: op });
      }
    }
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

/**
 * The top-level members of the document that an applied patch may have changed: the first token
 * of each operation's path (and of a move's source); `undefined` when an operation replaces the
 * whole document. A `test` changes nothing.
 */
export function changedMembers(ops: readonly Operation[]): string[] | undefined {
  const members = new Set<string>();
  for (const op of ops) {
    if (op.op === 'test') continue;
    const pointers = op.op === 'move' ? [op.path, op.from] : [op.path];
    for (const pointer of pointers) {
      if (pointer === '') return undefined;
      members.add(jsonpatch.unescapePathComponent(pointer.slice(1).split('/')[0]!));
    }
  }
  return [...members];
}
