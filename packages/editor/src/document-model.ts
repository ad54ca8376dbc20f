import { applyPatch } from './apply-patch.js';
import { ExclusiveSlot } from './exclusive-slot.js';
import { History, type HistoryEntry } from './history.js';
import type { JsonValue } from './json.js';
import { PatchError, type Patch, type PatchOperation } from './patch-operation.js';

/** Where a change came from: the user (recorded for undo), undo/redo, or a remote patch (not undoable here). */
export type ChangeOrigin = 'edit' | 'undo' | 'redo' | 'remote';

export interface Change {
  /** The document before the change; the same object as `after` when the change was written in place. */
  before: JsonValue;
  after: JsonValue;
  operations: PatchOperation[];
  /** The document after each operation, so a listener can follow a multi-operation patch step by step. */
  steps: JsonValue[];
  origin: ChangeOrigin;
  /**
   * The next key of a typing run, written into the containers the previous change made (see ExclusiveSlot): they
   * keep their identity, so a listener that keeps values must not take "same object" for "unchanged" on the path.
   */
  inPlace: boolean;
}

export type ChangeListener = (change: Change) => void;

/**
 * The record as an immutable document. Every change goes through a patch, so listeners (the view, `onPatch`,
 * the accumulated save patch) see exactly the operations that were applied. A document handed out (`value`)
 * never changes; only while nobody but the editor holds it may a typing run write its next key in place.
 */
export class DocumentModel {
  private current: JsonValue;
  private readonly history = new History();
  private readonly listeners = new Set<ChangeListener>();
  /** Everything applied since the last `takePending`, for a save with If-Match. */
  private pending: PatchOperation[] = [];
  /** Where the last edit wrote a scalar, while the containers on its path are the model's alone. */
  private slot: ExclusiveSlot | null = null;

  constructor(value: JsonValue) {
    this.current = value;
  }

  /** The document, to keep: it never changes afterwards (the model stops writing into its containers). */
  get value(): JsonValue {
    this.slot = null;
    return this.current;
  }

  /** The document to read now and not keep: the next key of a typing run may be written into its containers. */
  get live(): JsonValue {
    return this.current;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /**
   * A listener reads the change's documents during the call: they are the model's own, and the next key of a
   * typing run may be written into them. One that keeps the document takes `value`, which stops that.
   */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A user edit: applied, reported and recorded for undo (merged with the previous step when `mergeKey` repeats). */
  edit(operations: Patch, mergeKey?: string): void {
    if (operations.length === 0) return;
    const { change, inverse } = this.apply(operations, 'edit');
    // Recorded before the listeners run: an applied edit stays undoable even if one of them throws.
    this.history.record({ forward: [...operations], inverse, ...(mergeKey === undefined ? {} : { mergeKey }) });
    this.announce(change);
  }

  /** A change made elsewhere (a collaborator, the server). Local history stays, but may no longer apply cleanly. */
  applyRemote(operations: Patch): void {
    this.history.seal();
    this.announce(this.apply(operations, 'remote').change);
  }

  /** Reverts the last edit; false when there is none, or when a remote change has made it inapplicable (it is dropped). */
  undo(): boolean {
    this.history.seal();
    return this.replay(this.history.takeUndo(), 'undo');
  }

  redo(): boolean {
    return this.replay(this.history.takeRedo(), 'redo');
  }

  private replay(entry: HistoryEntry | undefined, origin: 'undo' | 'redo'): boolean {
    if (!entry) return false;
    let change: Change;
    try {
      ({ change } = this.apply(origin === 'undo' ? entry.inverse : entry.forward, origin));
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      this.history.forget(entry);
      return false;
    }
    this.announce(change);
    return true;
  }

  /** Ends the current typing run: the next edit is its own undo step. */
  sealHistory(): void {
    this.history.seal();
  }

  /** Returns the operations applied since the last call (the body of a PATCH request) and starts a new batch. */
  takePending(): PatchOperation[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Applies a patch atomically (a PatchError leaves everything as it was) and adds it to the pending batch. */
  private apply(operations: Patch, origin: ChangeOrigin): { change: Change; inverse: PatchOperation[] } {
    const before = this.current;
    const written = origin === 'edit' ? this.slot?.write(operations) : null;
    if (written) {
      this.pending.push(...operations);
      return { change: { before, after: before, operations: [...operations], steps: [before], origin, inPlace: true }, inverse: written };
    }
    // Any other change may put values it was given, or keeps, into the document: nothing is written in place
    // again until an edit has copied a path of its own.
    this.slot = null;
    const { doc, inverse, steps } = applyPatch(before, operations);
    this.current = doc;
    this.pending.push(...operations);
    if (origin === 'edit') this.slot = ExclusiveSlot.written(operations, inverse, doc);
    return { change: { before, after: doc, operations: [...operations], steps, origin, inPlace: false }, inverse };
  }

  private announce(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}
