import type { Json } from '../api/types.js';

/** One difference between two documents: where, and the value on each side (undefined: absent). */
export interface Difference {
  path: (string | number)[];
  before: Json | undefined;
  after: Json | undefined;
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf that differs between two JSON values, objects and arrays compared member by member. */
export function differences(before: Json | undefined, after: Json | undefined, path: (string | number)[] = []): Difference[] {
  // A container on one side only is compared with an empty one, so each of its leaves reads on its own line.
  if (before === undefined && after !== undefined && typeof after === 'object' && after !== null) return differences(Array.isArray(after) ? [] : {}, after, path);
  if (after === undefined && before !== undefined && typeof before === 'object' && before !== null) return differences(before, Array.isArray(before) ? [] : {}, path);
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => differences(before[i], after[i], [...path, i])).flat();
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => differences(before[k], after[k], [...path, k]));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}
