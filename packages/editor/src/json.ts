/**
 * A JSON value as the editor sees it: a document handed out is never mutated, so every level is read-only (the
 * one writer is the model's typing slot, exclusive-slot.ts, into copies nobody else holds).
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonArray = readonly JsonValue[];
export type JsonObject = { readonly [key: string]: JsonValue };
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;

/** The kinds a value can be switched between (Ctrl+. and the type menu). */
export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** A location in a document: object keys as strings, array indices as numbers. */
export type Path = readonly (string | number)[];

export function isContainer(value: unknown): value is JsonArray | JsonObject {
  return typeof value === 'object' && value !== null;
}

export function typeOf(value: JsonValue): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'string' | 'number' | 'boolean' | 'object';
}

/** Reads the value at `path`, or undefined when the path leads nowhere. */
export function valueAt(doc: JsonValue, path: Path): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const key of path) {
    if (!isContainer(node)) return undefined;
    node = Array.isArray(node) ? (node as JsonArray)[key as number] : Object.hasOwn(node, key) ? (node as JsonObject)[key] : undefined;
  }
  return node;
}

export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

export function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => key === path[i]);
}
