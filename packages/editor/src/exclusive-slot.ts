import { isContainer, valueAt, type JsonValue } from './json.js';
import { resolvePointer } from './json-pointer.js';
import type { Patch, PatchOperation } from './patch-operation.js';

/** A container the model made itself, so the one place allowed to write into a document may index it. */
type OwnedContainer = Record<string | number, JsonValue>;

/**
 * The scalar a single replace has just written, while every container on its path is a copy that edit made and
 * nobody outside the editor has been handed (the model forgets the slot as soon as it hands the document out or
 * applies any other change). Typing replaces one scalar key after key, so each key after the first is written
 * into this slot in O(1) instead of copying the containers on its path again: in an `items` array of 100,000
 * elements that copy is the one cost of a keystroke that grows with the document.
 */
export class ExclusiveSlot {
  private constructor(
    private readonly pointer: string,
    private readonly parent: OwnedContainer,
    private readonly key: string | number,
  ) {}

  /**
   * The slot `operations` wrote into `doc` when they are one replace of a scalar by a scalar (`inverse` holds the
   * value replaced), else null. `doc` must come straight from applying them, so that its path is fresh copies.
   */
  static written(operations: Patch, inverse: readonly PatchOperation[], doc: JsonValue): ExclusiveSlot | null {
    const [operation] = operations;
    const [undo] = inverse;
    if (operations.length !== 1 || operation?.op !== 'replace' || isContainer(operation.value)) return null;
    if (inverse.length !== 1 || undo?.op !== 'replace' || isContainer(undo.value)) return null;
    const path = resolvePointer(doc, operation.path);
    const key = path[path.length - 1];
    if (key === undefined) return null;
    return new ExclusiveSlot(operation.path, valueAt(doc, path.slice(0, -1)) as OwnedContainer, key);
  }

  /**
   * Writes `operations` in place when they replace this slot's scalar by another scalar, returning their inverse;
   * null (nothing written) for anything else.
   */
  write(operations: Patch): PatchOperation[] | null {
    const [operation] = operations;
    if (operations.length !== 1 || operation?.op !== 'replace' || operation.path !== this.pointer || isContainer(operation.value)) return null;
    const previous = this.parent[this.key] as JsonValue;
    this.parent[this.key] = operation.value;
    return [{ op: 'replace', path: this.pointer, value: previous }];
  }
}
