import type { Path } from './json.js';
import type { Viewport } from './viewport.js';
import type { VisibleTree } from './visible-tree.js';

/** Pointer distance from the viewport edge within which a drag scrolls, and the fastest scroll in rows per frame. */
const EDGE = 40;
const MAX_ROWS_PER_FRAME = 60;

export interface DragHost {
  tree: VisibleTree;
  viewport: Viewport;
  render(): void;
  move(path: Path, toIndex: number): void;
}

/**
 * Reordering an array item with the pointer: grab the handle, drop on another item of the same array. Near
 * the top or bottom edge the list scrolls, faster the closer the pointer is to the edge, so an item can be
 * carried across thousands of rows.
 */
export class DragReorder {
  private source: Path | null = null;
  private target: number | null = null;
  private clientY = 0;
  private frame = 0;
  private marked: HTMLElement | null = null;

  constructor(private readonly host: DragHost) {}

  get active(): boolean {
    return this.source !== null;
  }

  start(path: Path, event: PointerEvent): void {
    if (typeof path[path.length - 1] !== 'number') return;
    this.source = path;
    this.target = null;
    this.clientY = event.clientY;
    (event.target as Element).setPointerCapture?.(event.pointerId);
    this.frame = requestAnimationFrame(this.tick);
  }

  pointerMove(event: PointerEvent): void {
    if (!this.source) return;
    this.clientY = event.clientY;
    this.updateTarget();
  }

  finish(): void {
    const { source, target } = this;
    this.cancel();
    if (source && target !== null && target !== source[source.length - 1]) this.host.move(source, target);
  }

  cancel(): void {
    cancelAnimationFrame(this.frame);
    this.mark(null, '');
    this.source = null;
    this.target = null;
  }

  private readonly tick = (): void => {
    if (!this.source) return;
    const box = this.host.viewport.scroller.getBoundingClientRect();
    const intoEdge = this.clientY < box.top + EDGE ? this.clientY - (box.top + EDGE) : this.clientY > box.bottom - EDGE ? this.clientY - (box.bottom - EDGE) : 0;
    if (intoEdge !== 0) {
      const rows = Math.sign(intoEdge) * Math.max(1, Math.round((Math.min(Math.abs(intoEdge), EDGE * 2) / (EDGE * 2)) ** 2 * MAX_ROWS_PER_FRAME));
      this.host.viewport.scrollToRow(this.host.viewport.firstRow + rows);
      this.host.render();
      this.updateTarget();
    }
    this.frame = requestAnimationFrame(this.tick);
  };

  /** The item of the source's array under the pointer (rows of an item's children count as that item). */
  private updateTarget(): void {
    const source = this.source as Path;
    const depth = source.length - 1;
    const index = this.host.viewport.rowAtY(this.clientY);
    if (index === undefined) return;
    const path = this.host.tree.rowAt(index).path;
    const sameArray = path.length > depth && source.slice(0, depth).every((key, i) => key === path[i]);
    if (!sameArray) return;
    this.target = path[depth] as number;
    const from = source[depth] as number;
    const { viewport, tree } = this.host;
    const row = viewport.shownView(tree.indexOf(path.slice(0, depth + 1)) - viewport.firstRow);
    this.mark(row?.element ?? null, this.target < from ? 'cx-drop-before' : this.target > from ? 'cx-drop-after' : '');
  }

  private mark(element: HTMLElement | null, className: string): void {
    this.marked?.classList.remove('cx-drop-before', 'cx-drop-after');
    this.marked = element;
    if (element && className) element.classList.add(className);
  }
}
