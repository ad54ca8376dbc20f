import { RowView } from './row-view.js';

/** Rows are laid out by the browser (so they may wrap and differ in height); this is only the scroll estimate. */
const ESTIMATED_ROW_HEIGHT = 24;
const MIN_ROW_HEIGHT = 22;
/** Browsers cap element heights (Chromium near 33.5M px); beyond this the scrollbar is scaled. */
const MAX_SCROLL_HEIGHT = 8_000_000;

/**
 * Virtual scrolling over `rowCount` rows: the scrollbar spans an estimated height, and only the rows that fit
 * the viewport exist in the DOM, in a sticky box that stays at the top of the scroller. Row heights are
 * whatever the browser lays out, so rows with errors or descriptions simply take more room.
 */
export class Viewport {
  readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly rowsBox: HTMLDivElement;
  private readonly inner: HTMLDivElement;
  readonly pool: RowView[] = [];
  private rowCount = 0;
  /** The row at the top of the view (may be fractional while scrolling between rows). */
  private top = 0;
  /** Rows in the DOM after the last render. */
  private shown = 0;
  private ownScrollTop = 0;
  /** The scroller's height, read once per resize: reading it on every render would force a layout each time. */
  private measuredHeight = 0;
  private styled = { spacer: '', box: '', transform: '' };

  constructor(
    private readonly document: Document,
    private readonly onScroll: () => void,
  ) {
    const div = (className: string) => {
      const element = document.createElement('div');
      element.className = className;
      return element;
    };
    this.scroller = div('cx-scroller');
    this.spacer = div('cx-spacer');
    this.rowsBox = div('cx-rows');
    this.inner = div('cx-rows-inner');
    this.inner.setAttribute('role', 'tree');
    this.rowsBox.append(this.inner);
    this.spacer.append(this.rowsBox);
    this.scroller.append(this.spacer);
    this.scroller.addEventListener('scroll', () => {
      // Our own scrollTop writes already set `top` exactly; only scrolling by the user moves it from the scrollbar.
      if (Math.abs(this.scroller.scrollTop - this.ownScrollTop) < 1) return;
      this.top = this.topFromScroll();
      this.onScroll();
    });
  }

  get firstRow(): number {
    return Math.floor(this.top);
  }

  /** How many rows to keep in the DOM: enough to fill the viewport with the smallest rows. */
  get capacity(): number {
    return Math.ceil(this.height / MIN_ROW_HEIGHT) + 2;
  }

  get pageSize(): number {
    return Math.max(1, this.fullyVisible() - 1);
  }

  private get height(): number {
    if (this.measuredHeight === 0) this.measuredHeight = this.scroller.clientHeight;
    return this.measuredHeight || 400;
  }

  /** Call when the scroller may have changed size. */
  resized(): void {
    this.measuredHeight = 0;
  }

  setRowCount(count: number): void {
    this.rowCount = count;
    const height = Math.min(count * ESTIMATED_ROW_HEIGHT, MAX_SCROLL_HEIGHT);
    this.setStyle('spacer', this.spacer, 'height', `${Math.max(height, this.height)}px`);
    this.setStyle('box', this.rowsBox, 'height', `${this.height}px`);
    this.top = Math.min(this.top, this.maxTop());
  }

  /** Scrolls as little as possible to show row `index` whole. */
  reveal(index: number): void {
    if (index < this.top) this.scrollToRow(index);
    else if (index >= Math.floor(this.top) + this.shown - 1) {
      const visible = this.fullyVisible();
      if (index >= Math.floor(this.top) + visible) this.scrollToRow(index - visible + 1);
    }
  }

  scrollToRow(index: number): void {
    this.top = Math.max(0, Math.min(index, this.maxTop()));
    const range = this.scrollRange();
    const target = this.maxTop() > 0 ? (this.top / this.maxTop()) * range : 0;
    if (Math.abs(this.scroller.scrollTop - target) >= 1) {
      this.scroller.scrollTop = target;
      this.ownScrollTop = this.scroller.scrollTop;
    }
  }

  /** Row views for rows first..first+n-1, creating or hiding pooled elements as needed. */
  views(count: number): RowView[] {
    while (this.pool.length < count) {
      const view = new RowView(this.document);
      this.pool.push(view);
      this.inner.append(view.element);
    }
    this.pool.forEach((view, i) => (i < count ? view.show() : view.hide()));
    return this.pool.slice(0, count);
  }

  /** The view showing row `first + offset` since the last render, if that row is in view. */
  shownView(offset: number): RowView | undefined {
    return offset >= 0 && offset < this.shown ? this.pool[offset] : undefined;
  }

  /**
   * After rows are in place: shift by the fractional part of `top`, and at the very end align the last row to
   * the bottom. Heights are read only when one of those needs them, so a render that just changed a value (a
   * keystroke) forces no layout.
   */
  layout(shown: number): void {
    this.shown = shown;
    const fraction = this.top - Math.floor(this.top);
    let offset = fraction > 0 ? -fraction * ((this.pool[0]?.element.offsetHeight ?? 0) || ESTIMATED_ROW_HEIGHT) : 0;
    if (Math.floor(this.top) + shown >= this.rowCount && this.rowCount > this.height / ESTIMATED_ROW_HEIGHT) {
      const total = this.inner.offsetHeight;
      if (total > this.height && total + offset < this.height) offset = this.height - total;
    }
    this.setStyle('transform', this.inner, 'transform', `translateY(${Math.round(offset)}px)`);
  }

  /** Rows wholly inside the viewport now, measured on demand (keeping the selection in view, paging). */
  private fullyVisible(): number {
    const match = /translateY\((-?\d+)px\)/.exec(this.styled.transform);
    let bottom = match ? Number(match[1]) : 0;
    let visible = 0;
    for (let i = 0; i < this.shown; i++) {
      bottom += (this.pool[i] as RowView).element.offsetHeight;
      if (bottom > this.height) break;
      visible++;
    }
    return Math.max(1, visible);
  }

  /** Writes a style only when it changes, so an unchanged frame costs no style recalculation. */
  private setStyle(slot: keyof Viewport['styled'], element: HTMLElement, property: 'height' | 'transform', value: string): void {
    if (this.styled[slot] === value) return;
    this.styled[slot] = value;
    element.style[property] = value;
  }

  /** The row index under a client y coordinate, from the rendered rows. */
  rowAtY(clientY: number): number | undefined {
    for (const view of this.pool) {
      if (view.element.style.display === 'none') continue;
      const box = view.element.getBoundingClientRect();
      if (clientY >= box.top && clientY < box.bottom) return Number(view.element.dataset.index);
    }
    return undefined;
  }

  private maxTop(): number {
    return Math.max(0, this.rowCount - Math.max(1, Math.floor(this.height / ESTIMATED_ROW_HEIGHT)));
  }

  private scrollRange(): number {
    return Math.max(0, this.scroller.scrollHeight - this.height);
  }

  private topFromScroll(): number {
    const range = this.scrollRange();
    return range > 0 ? (this.scroller.scrollTop / range) * this.maxTop() : 0;
  }
}
