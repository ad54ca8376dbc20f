import type { JsonValue } from './json.js';

/** One RFC 6902 operation, typed to JSON values. */
export type PatchOperation =
  | { op: 'add'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'replace'; path: string; value: JsonValue }
  | { op: 'move'; from: string; path: string }
  | { op: 'copy'; from: string; path: string }
  | { op: 'test'; path: string; value: JsonValue };

export type Patch = readonly PatchOperation[];

export class PatchError extends Error {
  constructor(
    message: string,
    readonly operation: PatchOperation,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}
