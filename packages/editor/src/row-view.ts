import { isContainer, typeOf, type JsonValue, type Path } from './json.js';
import type { NodeSchema } from './schema-index.js';
import type { Row } from './visible-tree.js';

/** What decides a row's look apart from its value and schema: cheap to compute for every row on every render. */
export interface RowState {
  pointer: string;
  selected: boolean;
  match: boolean;
  errors: readonly string[] | undefined;
  /** The input or select while this row's value is being edited. */
  editor: HTMLElement | null;
}

/** Everything a row shows besides the tree row itself. */
export interface RowDecoration extends RowState {
  schema: NodeSchema;
  required: boolean;
}

const INDENT = 16;

/**
 * One recycled row element. `update` rewrites the DOM only when something the row shows changed, so
 * scrolling and typing touch a few dozen elements whatever the document size.
 */
export class RowView {
  readonly element: HTMLDivElement;
  private readonly indent: HTMLSpanElement;
  private readonly handle: HTMLSpanElement;
  private readonly toggle: HTMLButtonElement;
  private readonly key: HTMLSpanElement;
  private readonly required: HTMLSpanElement;
  private readonly valueSlot: HTMLSpanElement;
  private readonly typeButton: HTMLButtonElement;
  private readonly errorMark: HTMLSpanElement;
  private readonly notes: HTMLDivElement;
  private shown: { row: Row; decoration: RowDecoration } | null = null;
  private notesText = '';
  /** The depth and kind (array item or not) the inline styles were last written for. */
  private styledFor = '';
  private visible = true;
  path: Path = [];

  constructor(document: Document) {
    const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] => {
      const element = document.createElement(tag);
      element.className = className;
      return element;
    };
    this.element = make('div', 'cx-row');
    this.element.setAttribute('role', 'treeitem');
    this.indent = make('span', 'cx-indent');
    this.handle = make('span', 'cx-handle');
    this.handle.textContent = '⠿';
    this.handle.title = 'Drag to reorder';
    this.toggle = make('button', 'cx-toggle');
    this.toggle.tabIndex = -1;
    this.key = make('span', 'cx-key');
    this.required = make('span', 'cx-required');
    this.valueSlot = make('span', 'cx-value');
    this.typeButton = make('button', 'cx-type');
    this.typeButton.tabIndex = -1;
    this.typeButton.title = 'Change type (Ctrl+.)';
    this.errorMark = make('span', 'cx-error-mark');
    this.notes = make('div', 'cx-notes');
    this.element.append(this.indent, this.handle, this.toggle, this.key, this.required, this.valueSlot, this.errorMark, this.typeButton, this.notes);
  }

  /** Whether the row already shows `row` in `state`; if so, the schema need not even be looked up. */
  shows(row: Row, state: RowState): boolean {
    const last = this.shown;
    return last !== null && sameRow(last.row, row) && sameState(last.decoration, state);
  }

  /** Makes the next `shows` false, for a row whose container changed without becoming another object. */
  forget(): void {
    this.shown = null;
  }

  update(row: Row, decoration: RowDecoration): void {
    this.path = row.path;
    this.shown = { row, decoration };
    const key = row.path[row.path.length - 1];
    const element = this.element;
    setAttribute(element, 'data-index', String(row.index));
    setAttribute(element, 'data-pointer', decoration.pointer);
    setAttribute(element, 'aria-level', String(row.depth + 1));
    setAttribute(element, 'aria-selected', String(decoration.selected));
    setAttribute(element, 'aria-expanded', row.expandable ? String(row.expanded) : null);
    element.classList.toggle('cx-match', decoration.match);
    this.styleFor(row.depth, typeof key === 'number');
    if (this.toggle.disabled === row.expandable) this.toggle.disabled = !row.expandable;
    setText(this.toggle, row.expandable ? (row.expanded ? '▾' : '▸') : '');
    const title = decoration.schema.title;
    setText(this.key, key === undefined ? title ?? 'record' : typeof key === 'number' ? String(key) : title ?? key);
    setAttribute(this.key, 'class', typeof key === 'number' ? 'cx-key cx-index' : 'cx-key');
    setAttribute(this.key, 'title', key === undefined ? null : String(key));
    setText(this.required, decoration.required ? '*' : '');
    setText(this.typeButton, typeOf(row.value));
    this.showValue(row.value, decoration);
    setText(this.errorMark, decoration.errors ? '⚠' : '');
    this.showNotes(decoration);
  }

  /**
   * Inline styles go through the CSSOM (a Content Security Policy without 'unsafe-inline' refuses style
   * attributes), and only when the depth or kind changed: reading a style back to compare costs more than the
   * rest of a keystroke's update of its row.
   */
  private styleFor(depth: number, item: boolean): void {
    const styledFor = `${depth}:${item}`;
    if (styledFor === this.styledFor) return;
    this.styledFor = styledFor;
    this.indent.style.width = `${depth * INDENT}px`;
    // Messages line up under the key, past the indent, handle and toggle.
    this.notes.style.paddingLeft = `${depth * INDENT + 32}px`;
    this.handle.style.visibility = item ? '' : 'hidden';
  }

  private showValue(value: JsonValue, decoration: RowDecoration): void {
    const slot = this.valueSlot;
    if (decoration.editor) {
      if (slot.firstChild !== decoration.editor) slot.replaceChildren(decoration.editor);
      setAttribute(slot, 'class', 'cx-value cx-editing');
      return;
    }
    const type = typeOf(value);
    setAttribute(slot, 'class', `cx-value cx-${type}${decoration.schema.enum && !isContainer(value) ? ' cx-enum' : ''}`);
    if (slot.firstChild && slot.firstChild.nodeType !== Node.TEXT_NODE) slot.replaceChildren();
    setText(slot, summary(value));
  }

  private showNotes(decoration: RowDecoration): void {
    const lines: [string, string][] = (decoration.errors ?? []).map((message) => ['cx-error', message]);
    if (decoration.selected && decoration.schema.description) lines.push(['cx-description', decoration.schema.description]);
    const text = lines.map((line) => line.join(':')).join('\n');
    if (text === this.notesText) return;
    this.notesText = text;
    this.notes.replaceChildren(
      ...lines.map(([className, text]) => {
        const line = this.element.ownerDocument.createElement('div');
        line.className = className;
        line.textContent = text;
        return line;
      }),
    );
  }

  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.element.style.display = 'none';
    this.shown = null;
  }

  show(): void {
    if (this.visible) return;
    this.visible = true;
    this.element.style.display = '';
  }
}

/** How a value reads in its row: strings quoted only when they would be ambiguous, containers as counts. */
function summary(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.length} ${value.length === 1 ? 'item' : 'items'}]`;
  if (isContainer(value)) {
    const count = Object.keys(value).length;
    return `{${count} ${count === 1 ? 'property' : 'properties'}}`;
  }
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return String(value);
}

/** Writes an attribute (null removes it) only when it changes: an identical write can still invalidate style. */
function setAttribute(element: HTMLElement, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}

/** Replacing a text node with identical text still invalidates layout, so unchanged text is left alone. */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

function sameRow(a: Row, b: Row): boolean {
  return a.index === b.index && a.value === b.value && a.expanded === b.expanded && a.expandable === b.expandable && a.depth === b.depth;
}

function sameState(a: RowState, b: RowState): boolean {
  return a.pointer === b.pointer && a.selected === b.selected && a.match === b.match && a.errors === b.errors && a.editor === b.editor;
}
