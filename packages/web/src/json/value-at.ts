import type { Json } from '../api/types.js';

/** The value at a path of keys and indexes, or undefined when the path leads nowhere. */
export function valueAt(document: Json | undefined, path: readonly (string | number)[]): Json | undefined {
  let node = document;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, Json>)[String(key)];
  }
  return node;
}
