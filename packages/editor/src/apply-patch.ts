import fastJsonPatch from 'fast-json-patch';
import { isContainer, valueAt, type JsonArray, type JsonObject, type JsonValue, type Path } from './json.js';
import { resolvePointer, toPointer } from './json-pointer.js';
import { PatchError, type Patch, type PatchOperation } from './patch-operation.js';

/** The result of applying operations: the new document and the operations that undo them, in order. */
export interface Applied {
  doc: JsonValue;
  inverse: PatchOperation[];
}

/** A patch's result step by step: `steps[i]` is the document after operation i (the view follows them one by one). */
export interface AppliedPatch extends Applied {
  steps: JsonValue[];
}

/**
 * Applies one operation without touching `doc`: only the containers on the path are copied, every other
 * subtree is shared with the previous document, so an edit costs O(depth × width of the containers on its path)
 * however large the document is.
 */
export function applyOperation(doc: JsonValue, operation: PatchOperation): Applied {
  try {
    return applyUnchecked(doc, operation);
  } catch (error) {
    throw error instanceof PatchError ? error : new PatchError((error as Error).message, operation);
  }
}

function applyUnchecked(doc: JsonValue, operation: PatchOperation): Applied {
  switch (operation.op) {
    case 'add':
      return add(doc, resolvePointer(doc, operation.path), operation.value, operation);
    case 'remove':
      return remove(doc, existingPath(doc, operation.path, operation), operation);
    case 'replace': {
      const path = existingPath(doc, operation.path, operation);
      const previous = valueAt(doc, path) as JsonValue;
      return { doc: setAt(doc, path, operation.value), inverse: [{ op: 'replace', path: operation.path, value: previous }] };
    }
    case 'move': {
      if (operation.path.startsWith(operation.from + '/')) throw new PatchError('Cannot move a value into itself', operation);
      const from = existingPath(doc, operation.from, operation);
      const value = valueAt(doc, from) as JsonValue;
      const removed = remove(doc, from, operation);
      const added = add(removed.doc, resolvePointer(removed.doc, operation.path), value, operation);
      // Undo puts the value back where it came from, then restores whatever the move overwrote.
      const restoreOverwritten = added.inverse.filter((inverse) => inverse.op === 'replace').map((inverse) => ({ ...inverse, op: 'add' as const }));
      return { doc: added.doc, inverse: [{ op: 'move', from: toPointer(lastPathOf(added.doc, operation.path)), path: operation.from }, ...restoreOverwritten] };
    }
    case 'copy': {
      const value = valueAt(doc, existingPath(doc, operation.from, operation)) as JsonValue;
      return add(doc, resolvePointer(doc, operation.path), value, operation);
    }
    case 'test': {
      const actual = valueAt(doc, resolvePointer(doc, operation.path));
      if (actual === undefined || !fastJsonPatch._areEquals(actual, operation.value)) throw new PatchError(`Test failed at ${operation.path}`, operation);
      return { doc, inverse: [] };
    }
  }
}

/** Applies a whole patch atomically: either every operation applies, or the error is thrown and nothing changed. */
export function applyPatch(doc: JsonValue, patch: Patch): AppliedPatch {
  let current = doc;
  const inverses: PatchOperation[][] = [];
  const steps: JsonValue[] = [];
  for (const operation of patch) {
    const applied = applyOperation(current, operation);
    current = applied.doc;
    inverses.push(applied.inverse);
    steps.push(current);
  }
  return { doc: current, inverse: inverses.reverse().flat(), steps };
}

function add(doc: JsonValue, path: Path, value: JsonValue, operation: PatchOperation): Applied {
  const pointer = toPointer(path);
  if (path.length === 0) return { doc: value, inverse: [{ op: 'replace', path: '', value: doc }] };
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1] as string | number;
  const parent = valueAt(doc, parentPath);
  if (!isContainer(parent)) throw new PatchError(`No container at ${toPointer(parentPath)}`, operation);
  if (Array.isArray(parent)) {
    const next = parent.slice();
    next.splice(key as number, 0, value);
    return { doc: setAt(doc, parentPath, next), inverse: [{ op: 'remove', path: pointer }] };
  }
  const object = parent as JsonObject;
  const inverse: PatchOperation = Object.hasOwn(object, key) ? { op: 'replace', path: pointer, value: object[key] as JsonValue } : { op: 'remove', path: pointer };
  return { doc: setAt(doc, parentPath, { ...object, [key]: value }), inverse: [inverse] };
}

function remove(doc: JsonValue, path: Path, operation: PatchOperation): Applied {
  if (path.length === 0) throw new PatchError('Cannot remove the document root', operation);
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1] as string | number;
  const parent = valueAt(doc, parentPath) as JsonArray | JsonObject;
  const removedValue = valueAt(doc, path) as JsonValue;
  let next: JsonValue;
  if (Array.isArray(parent)) {
    const copy = parent.slice();
    copy.splice(key as number, 1);
    next = copy;
  } else {
    const { [key]: _removed, ...rest } = parent as JsonObject;
    next = rest;
  }
  return { doc: setAt(doc, parentPath, next), inverse: [{ op: 'add', path: toPointer(path), value: removedValue }] };
}

/** Returns a copy of `doc` with `value` at `path`, copying only the containers along the path. */
export function setAt(doc: JsonValue, path: Path, value: JsonValue): JsonValue {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  const container = doc as JsonArray | JsonObject;
  if (Array.isArray(container)) {
    const copy = container.slice();
    copy[key as number] = setAt(container[key as number] as JsonValue, rest, value);
    return copy;
  }
  const object = container as JsonObject;
  return { ...object, [key]: setAt(object[key] as JsonValue, rest, value) };
}

function existingPath(doc: JsonValue, pointer: string, operation: PatchOperation): Path {
  const path = resolvePointer(doc, pointer);
  if (valueAt(doc, path) === undefined) throw new PatchError(`Nothing at ${pointer}`, operation);
  return path;
}

/** `-` in a target pointer means "the end"; the inverse must name the concrete index it landed on. */
function lastPathOf(doc: JsonValue, pointer: string): Path {
  const path = resolvePointer(doc, pointer);
  if (!pointer.endsWith('/-')) return path;
  const index = (path[path.length - 1] as number) - 1;
  return [...path.slice(0, -1), index];
}
