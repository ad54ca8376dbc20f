import { isContainer, type JsonValue, type Path } from './json.js';

/** RFC 6901 pointer for a path. */
export function toPointer(path: Path): string {
  let pointer = '';
  // Every row asks for its pointer on every render, and keys needing escapes are rare: skip the replaces then.
  for (const key of path) pointer += '/' + (typeof key === 'number' || !/[~/]/.test(key) ? key : key.replace(/~/g, '~0').replace(/\//g, '~1'));
  return pointer;
}

/** Splits a pointer into unescaped tokens; numeric meaning is decided by the document (see `resolvePointer`). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`Invalid JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Turns a pointer into a path, typing tokens inside arrays as indices. The last token may be `-`
 * (append), which resolves to the array's length.
 */
export function resolvePointer(doc: JsonValue, pointer: string): Path {
  const path: (string | number)[] = [];
  let node: JsonValue | undefined = doc;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(node)) {
      const array = node as readonly JsonValue[];
      const index = token === '-' ? array.length : Number(token);
      if (!/^(0|[1-9]\d*|-)$/.test(token) || index > array.length) throw new Error(`Invalid array index "${token}" in ${pointer}`);
      path.push(index);
      node = array[index];
    } else {
      path.push(token);
      node = isContainer(node) ? (node as Record<string, JsonValue>)[token] : undefined;
    }
  }
  return path;
}
