import { applyOperation } from './apply-patch.js';
import { isContainer, valueAt, type JsonArray, type JsonObject, type JsonValue, type Path } from './json.js';
import { resolvePointer } from './json-pointer.js';
import type { PatchOperation } from './patch-operation.js';

/** One line of the flattened tree: a node shown at `depth`, reached by `path`. */
export interface Row {
  index: number;
  path: Path;
  depth: number;
  value: JsonValue;
  expandable: boolean;
  expanded: boolean;
}

export interface VisibleTreeOptions {
  /** Containers with more children than this start collapsed, and so do the children of such a container. */
  autoCollapse: number;
}

type Key = string | number;

/**
 * Expansion state and row counts of one container. Views exist only for containers that were opened or
 * counted; a collapsed child without a view counts as one row, so opening a 100,000-item array of collapsed
 * objects costs one pass over the array and no allocation per item.
 */
class ContainerView {
  /** Rows this container takes when expanded (itself plus its visible descendants); -1 = not counted yet. */
  size = -1;
  /** prefix[i] = rows taken by children before child i; null until a lookup needs it. */
  prefix: Int32Array | null = null;
  /** Object keys in document order, and their positions; null until needed. */
  keys: string[] | null = null;
  keyIndex: Map<string, number> | null = null;
  items: (ContainerView | undefined)[] | null = null;
  properties: Map<string, ContainerView> | null = null;

  constructor(
    public value: JsonArray | JsonObject,
    public expanded: boolean,
    /** Set by expand-all: children created later start expanded too. */
    public expandDescendants = false,
  ) {}

  get isArray(): boolean {
    return Array.isArray(this.value);
  }

  get childCount(): number {
    return this.isArray ? (this.value as JsonArray).length : this.objectKeys().length;
  }

  objectKeys(): string[] {
    this.keys ??= Object.keys(this.value);
    return this.keys;
  }

  indexOfKey(key: Key): number {
    if (this.isArray) return key as number;
    if (!this.keyIndex) this.keyIndex = new Map(this.objectKeys().map((k, i) => [k, i]));
    return this.keyIndex.get(key as string) ?? -1;
  }

  keyAt(index: number): Key {
    return this.isArray ? index : (this.objectKeys()[index] as string);
  }

  childValue(key: Key): JsonValue {
    return (this.value as Record<Key, JsonValue>)[key] as JsonValue;
  }

  existingChild(key: Key): ContainerView | undefined {
    return this.isArray ? this.items?.[key as number] : this.properties?.get(key as string);
  }

  setChild(key: Key, view: ContainerView | undefined): void {
    if (this.isArray) {
      this.items ??= new Array<ContainerView | undefined>((this.value as JsonArray).length);
      this.items[key as number] = view;
    } else {
      this.properties ??= new Map();
      if (view) this.properties.set(key as string, view);
      else this.properties.delete(key as string);
    }
  }

  /** The value changed shape (keys added, removed or reordered): derived indexes are rebuilt on demand. */
  forgetLayout(): void {
    this.prefix = null;
    this.keys = null;
    this.keyIndex = null;
  }
}

/**
 * The document as the list of rows a user sees: which containers are open, how many rows each takes, and
 * which node sits at row i. Updates follow patch operations, touching only the views on the changed paths,
 * so an edit deep in a 100,000-item array costs a walk down its path, not a pass over the document.
 */
export class VisibleTree {
  private root: ContainerView | null;
  private rootValue: JsonValue;

  constructor(
    value: JsonValue,
    private readonly options: VisibleTreeOptions,
  ) {
    this.rootValue = value;
    this.root = isContainer(value) ? new ContainerView(value, true) : null;
  }

  get rowCount(): number {
    return this.root ? this.sizeOf(this.root) : 1;
  }

  /** The row at `index` (0 = the document root). */
  rowAt(index: number): Row {
    const path: Key[] = [];
    let remaining = index;
    let view = this.root;
    let value: JsonValue = this.rootValue;
    while (view && remaining > 0) {
      remaining -= 1;
      const prefix = this.prefixOf(view);
      const child = upperBound(prefix, remaining) - 1;
      remaining -= prefix[child] as number;
      const key = view.keyAt(child);
      path.push(key);
      value = view.childValue(key);
      view = isContainer(value) ? this.childView(view, key) : null;
    }
    return { index, path, depth: path.length, value, expandable: view !== null, expanded: view?.expanded ?? false };
  }

  /** The row index of `path`, or -1 when it does not exist or an ancestor is collapsed. */
  indexOf(path: Path): number {
    let index = 0;
    let view = this.root;
    for (const key of path) {
      if (!view || !view.expanded) return -1;
      const position = view.indexOfKey(key);
      if (position < 0 || position >= view.childCount) return -1;
      index += 1 + (this.prefixOf(view)[position] as number);
      const value = view.childValue(key);
      view = isContainer(value) ? this.childView(view, key) : null;
    }
    return index;
  }

  isExpanded(path: Path): boolean {
    return this.viewAt(path)?.expanded ?? false;
  }

  setExpanded(path: Path, expanded: boolean): void {
    const chain = this.chainTo(path);
    const view = chain[chain.length - 1];
    if (!view || view.expanded === expanded) return;
    const before = this.sizeOf(view);
    view.expanded = expanded;
    this.propagate(chain.slice(0, -1), this.sizeOf(view) - before, false);
  }

  /** Opens every ancestor of `path`, so that it has a row. */
  reveal(path: Path): void {
    for (let depth = 0; depth < path.length; depth++) this.setExpanded(path.slice(0, depth), true);
  }

  /** Opens (or closes) a container and everything below it, including parts not yet counted. */
  setExpandedDeep(path: Path, expanded: boolean): void {
    const chain = this.chainTo(path);
    const view = chain[chain.length - 1];
    if (!view) return;
    const before = this.sizeOf(view);
    markDeep(view, expanded);
    this.propagate(chain.slice(0, -1), this.sizeOf(view) - before, false);
  }

  /** Follows one applied operation; `before` and `after` are the documents around it. */
  apply(operation: PatchOperation, before: JsonValue, after: JsonValue): void {
    switch (operation.op) {
      case 'test':
        return;
      case 'replace':
        return this.replaceAt(resolvePointer(before, operation.path), after);
      case 'remove':
        return void this.removeAt(resolvePointer(before, operation.path), after);
      case 'add':
      case 'copy':
        return this.addAt(resolvePointer(before, operation.path), before, after, undefined);
      case 'move': {
        const removed = applyOperation(before, { op: 'remove', path: operation.from }).doc;
        const moved = this.removeAt(resolvePointer(before, operation.from), removed);
        return this.addAt(resolvePointer(removed, operation.path), removed, after, moved);
      }
    }
  }

  private addAt(path: Path, before: JsonValue, after: JsonValue, moved: ContainerView | undefined): void {
    const key = path[path.length - 1];
    const parent = valueAt(before, path.slice(0, -1));
    if (key === undefined || (!Array.isArray(parent) && valueAt(before, path) !== undefined)) {
      // Adding over an existing member (or the root) replaces it.
      this.replaceAt(path, after);
      const view = key === undefined ? null : this.chainTo(path.slice(0, -1)).pop();
      if (moved && view && key !== undefined) this.adopt(path, view, key, moved);
      return;
    }
    const chain = this.descend(path.slice(0, -1), after);
    const view = chain[chain.length - 1] as ContainerView;
    if (view.isArray && view.items) view.items.splice(key as number, 0, undefined);
    view.forgetLayout();
    if (moved) view.setChild(key, moved);
    this.propagate(chain, this.childSize(view, key), true);
  }

  private adopt(path: Path, parent: ContainerView, key: Key, moved: ContainerView): void {
    const before = this.childSize(parent, key);
    parent.setChild(key, moved);
    this.propagate(this.chainTo(path.slice(0, -1)), this.childSize(parent, key) - before, false);
  }

  private removeAt(path: Path, after: JsonValue): ContainerView | undefined {
    const key = path[path.length - 1] as Key;
    const oldChain = this.chainTo(path.slice(0, -1));
    const oldParent = oldChain[oldChain.length - 1] as ContainerView;
    const removedSize = this.childSize(oldParent, key);
    const detached = oldParent.existingChild(key);
    const chain = this.descend(path.slice(0, -1), after);
    const view = chain[chain.length - 1] as ContainerView;
    if (view.isArray) view.items?.splice(key as number, 1);
    else view.properties?.delete(key as string);
    view.forgetLayout();
    this.propagate(chain, -removedSize, true);
    return detached;
  }

  private replaceAt(path: Path, after: JsonValue): void {
    if (path.length === 0) {
      this.rootValue = after;
      this.root = isContainer(after) ? new ContainerView(after, true) : null;
      return;
    }
    const key = path[path.length - 1] as Key;
    const oldChain = this.chainTo(path.slice(0, -1));
    const oldSize = this.childSize(oldChain[oldChain.length - 1] as ContainerView, key);
    const chain = this.descend(path.slice(0, -1), after);
    const parent = chain[chain.length - 1] as ContainerView;
    const previous = parent.existingChild(key);
    const next = parent.childValue(key);
    // Keep the open/closed state when a container is replaced by another of the same kind (paste, undo).
    parent.setChild(key, previous && isContainer(next) && Array.isArray(next) === previous.isArray ? new ContainerView(next, previous.expanded) : undefined);
    this.propagate(chain, this.childSize(parent, key) - oldSize, false);
  }

  /** Views from the root down to `path`, each given its value in `doc` (views are created where missing). */
  private descend(path: Path, doc: JsonValue): ContainerView[] {
    this.rootValue = doc;
    if (!this.root) throw new Error('The document root is not a container');
    this.root.value = doc as JsonArray | JsonObject;
    const chain = [this.root];
    let view = this.root;
    for (const key of path) {
      view = this.childView(view, key);
      chain.push(view);
    }
    return chain;
  }

  /** Views from the root down to `path` as they are now (creating missing ones from the current values). */
  private chainTo(path: Path): ContainerView[] {
    if (!this.root) return [];
    const chain = [this.root];
    let view = this.root;
    for (const key of path) {
      const value = view.childValue(key);
      if (!isContainer(value)) return [];
      view = this.childView(view, key);
      chain.push(view);
    }
    return chain;
  }

  private viewAt(path: Path): ContainerView | undefined {
    const chain = this.chainTo(path);
    return chain.length === path.length + 1 ? chain[chain.length - 1] : undefined;
  }

  /**
   * Adds `delta` rows to each view in `chain` from the bottom up, stopping at a collapsed one. Row offsets of
   * the parents stay valid when nothing moved (a leaf edit), so typing costs O(depth).
   */
  private propagate(chain: ContainerView[], delta: number, layoutChanged: boolean): void {
    for (let i = chain.length - 1; i >= 0; i--) {
      const view = chain[i] as ContainerView;
      if (layoutChanged || delta !== 0) view.prefix = null;
      layoutChanged = false;
      if (view.size >= 0) view.size += delta;
      if (!view.expanded || delta === 0) return;
    }
  }

  private childView(parent: ContainerView, key: Key): ContainerView {
    const existing = parent.existingChild(key);
    if (existing) {
      // Along an edited path the value is new but its layout is unchanged unless the operation says otherwise.
      existing.value = parent.childValue(key) as JsonArray | JsonObject;
      return existing;
    }
    const value = parent.childValue(key) as JsonArray | JsonObject;
    const view = new ContainerView(value, parent.expandDescendants || this.startsExpanded(value, parent), parent.expandDescendants);
    parent.setChild(key, view);
    return view;
  }

  private startsExpanded(value: JsonArray | JsonObject, parent: ContainerView): boolean {
    const limit = this.options.autoCollapse;
    return parent.childCount <= limit && (Array.isArray(value) ? value.length : Object.keys(value).length) <= limit;
  }

  private childSize(parent: ContainerView, key: Key): number {
    const value = parent.childValue(key);
    if (!isContainer(value)) return 1;
    const existing = parent.existingChild(key);
    if (!existing && !parent.expandDescendants && !this.startsExpanded(value, parent)) return 1;
    return this.sizeOf(this.childView(parent, key));
  }

  private sizeOf(view: ContainerView): number {
    if (!view.expanded) return 1;
    if (view.size < 0) this.prefixOf(view);
    return view.size;
  }

  private prefixOf(view: ContainerView): Int32Array {
    if (view.prefix) return view.prefix;
    const count = view.childCount;
    const prefix = new Int32Array(count + 1);
    let total = 0;
    for (let i = 0; i < count; i++) {
      prefix[i] = total;
      total += this.childSize(view, view.keyAt(i));
    }
    prefix[count] = total;
    view.prefix = prefix;
    view.size = 1 + total;
    return prefix;
  }
}

function markDeep(view: ContainerView, expanded: boolean): void {
  view.expanded = expanded;
  view.expandDescendants = expanded;
  view.size = -1;
  view.prefix = null;
  view.items?.forEach((child) => child && markDeep(child, expanded));
  view.properties?.forEach((child) => markDeep(child, expanded));
}

/** First position whose value is greater than `target` (prefix sums are non-decreasing). */
function upperBound(prefix: Int32Array, target: number): number {
  let low = 0;
  let high = prefix.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((prefix[mid] as number) <= target) low = mid + 1;
    else high = mid;
  }
  return low;
}
