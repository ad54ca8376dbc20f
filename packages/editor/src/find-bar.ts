import { findMatches } from './find-matches.js';
import type { JsonValue, Path } from './json.js';
import { toPointer } from './json-pointer.js';

export interface FindHost {
  /** The document to search. */
  document(): JsonValue;
  /** Reveal and select a match. */
  goTo(path: Path): void;
  /** Matches changed: highlight them. */
  changed(): void;
  /** The bar closed: give focus back to the tree. */
  closed(): void;
}

/** The Ctrl+F bar: finds keys and values, steps through matches with Enter / Shift+Enter (or F3), highlights them. */
export class FindBar {
  readonly element: HTMLDivElement;
  readonly input: HTMLInputElement;
  private readonly count: HTMLSpanElement;
  private paths: Path[] = [];
  private pointers = new Set<string>();
  private at = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    document: Document,
    private readonly host: FindHost,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'cx-findbar';
    this.element.hidden = true;
    this.input = document.createElement('input');
    this.input.placeholder = 'Find in keys and values';
    this.input.setAttribute('aria-label', 'Find');
    this.count = document.createElement('span');
    const button = (label: string, title: string, action: () => void) => {
      const element = document.createElement('button');
      element.textContent = label;
      element.title = title;
      element.addEventListener('click', action);
      return element;
    };
    this.element.append(this.input, this.count, button('↑', 'Previous (Shift+Enter)', () => this.step(-1)), button('↓', 'Next (Enter)', () => this.step(1)), button('×', 'Close (Escape)', () => this.close()));
    // Searching reads the whole document, so it waits for a pause in typing (or for Enter).
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.search();
      }, 120);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === 'F3') {
        event.preventDefault();
        if (this.timer !== undefined || this.paths.length === 0) this.search();
        this.step(event.shiftKey ? -1 : 1);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
  }

  isMatch(pointer: string): boolean {
    // Asked for every row on every render; with no search open it need not hash the pointer.
    return this.pointers.size > 0 && this.pointers.has(pointer);
  }

  open(): void {
    this.element.hidden = false;
    this.input.focus();
    this.input.select();
  }

  close(): void {
    this.element.hidden = true;
    this.paths = [];
    this.pointers = new Set();
    this.host.changed();
    this.host.closed();
  }

  step(direction: 1 | -1): void {
    if (this.paths.length === 0) return;
    this.at = (this.at + direction + this.paths.length) % this.paths.length;
    this.count.textContent = `${this.at + 1} of ${this.paths.length}`;
    this.host.goTo(this.paths[this.at] as Path);
  }

  destroy(): void {
    clearTimeout(this.timer);
  }

  private search(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.paths = findMatches(this.host.document(), this.input.value);
    this.pointers = new Set(this.paths.map(toPointer));
    this.at = -1;
    this.count.textContent = this.paths.length === 0 ? 'no matches' : `${this.paths.length} matches`;
    this.host.changed();
  }
}
