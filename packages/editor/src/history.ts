import type { PatchOperation } from './patch-operation.js';

/** One undoable step: the operations as applied and the operations that revert them. */
export interface HistoryEntry {
  forward: PatchOperation[];
  inverse: PatchOperation[];
  /** Consecutive edits with the same key (typing into one field) merge into one step. */
  mergeKey?: string;
}

/** Undo and redo stacks of patches; replaying an entry's inverse undoes it, replaying its forward redoes it. */
export class History {
  private readonly done: HistoryEntry[] = [];
  private undone: HistoryEntry[] = [];

  constructor(private readonly limit = 1000) {}

  record(entry: HistoryEntry): void {
    this.undone = [];
    const last = this.done[this.done.length - 1];
    if (entry.mergeKey !== undefined && last?.mergeKey === entry.mergeKey) {
      if (replaceOfSameValue(last.forward, entry.forward)) {
        // Typing replaces one value again and again: the step keeps the value to undo to and the latest one to
        // redo to, so a run of any length holds two operations instead of two per keystroke.
        last.forward = entry.forward;
        return;
      }
      last.forward = [...last.forward, ...entry.forward];
      last.inverse = [...entry.inverse, ...last.inverse];
      return;
    }
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.shift();
  }

  /** Stops the current merge run, so the next edit starts its own step. */
  seal(): void {
    const last = this.done[this.done.length - 1];
    if (last) delete last.mergeKey;
  }

  takeUndo(): HistoryEntry | undefined {
    const entry = this.done.pop();
    if (entry) this.undone.push(entry);
    return entry;
  }

  /** Forgets an entry just taken by takeUndo or takeRedo that no longer applies (a remote change got in the way). */
  forget(entry: HistoryEntry): void {
    for (const stack of [this.done, this.undone]) {
      const at = stack.lastIndexOf(entry);
      if (at >= 0) stack.splice(at, 1);
    }
  }

  takeRedo(): HistoryEntry | undefined {
    const entry = this.undone.pop();
    if (entry) this.done.push(entry);
    return entry;
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  clear(): void {
    this.done.length = 0;
    this.undone = [];
  }
}

function replaceOfSameValue(previous: readonly PatchOperation[], next: readonly PatchOperation[]): boolean {
  const [a, b] = [previous[0], next[0]];
  return previous.length === 1 && next.length === 1 && a?.op === 'replace' && b?.op === 'replace' && a.path === b.path;
}
