import { convertType } from './convert-type.js';
import { valueAt, type JsonObject, type JsonType, type JsonValue, type Path } from './json.js';
import { toPointer } from './json-pointer.js';
import type { PatchOperation } from './patch-operation.js';

/**
 * The editor's commands as patches: each function reads the current document and returns the operations for
 * one user action, so the model, `onPatch` and the tests all see the same RFC 6902 text.
 */

export function setValue(path: Path, value: JsonValue): PatchOperation[] {
  return [{ op: 'replace', path: toPointer(path), value }];
}

export function removeValue(path: Path): PatchOperation[] {
  return [{ op: 'remove', path: toPointer(path) }];
}

export function insertItem(arrayPath: Path, index: number, value: JsonValue): PatchOperation[] {
  return [{ op: 'add', path: toPointer([...arrayPath, index]), value }];
}

export function addProperty(objectPath: Path, key: string, value: JsonValue): PatchOperation[] {
  return [{ op: 'add', path: toPointer([...objectPath, key]), value }];
}

/** Copies an array item next to itself, or an object property to a fresh key beside it. */
export function duplicate(doc: JsonValue, path: Path): PatchOperation[] {
  const key = path[path.length - 1];
  const value = valueAt(doc, path);
  if (key === undefined || value === undefined) return [];
  if (typeof key === 'number') return insertItem(path.slice(0, -1), key + 1, value);
  const parent = valueAt(doc, path.slice(0, -1)) as JsonObject;
  return addProperty(path.slice(0, -1), freeKey(parent, `${key} copy`), value);
}

/** Moves an array item to `toIndex` (the index it has afterwards). */
export function moveItem(path: Path, toIndex: number): PatchOperation[] {
  const from = path[path.length - 1];
  if (typeof from !== 'number' || from === toIndex) return [];
  return [{ op: 'move', from: toPointer(path), path: toPointer([...path.slice(0, -1), toIndex]) }];
}

export function changeType(doc: JsonValue, path: Path, to: JsonType): PatchOperation[] {
  const value = valueAt(doc, path);
  if (value === undefined) return [];
  const converted = convertType(value, to);
  return converted === value ? [] : setValue(path, converted);
}

/** A key not yet used in `object`: `base`, then `base 2`, `base 3`, ... */
export function freeKey(object: JsonObject, base: string): string {
  if (!Object.hasOwn(object, base)) return base;
  let n = 2;
  while (Object.hasOwn(object, `${base} ${n}`)) n++;
  return `${base} ${n}`;
}
