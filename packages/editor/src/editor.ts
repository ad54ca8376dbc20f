import { DocumentModel, type Change } from './document-model.js';
import type { DocumentValidator, NodeIssue, ValidationIssue, ValidatorFactory } from './document-validator.js';
import { DragReorder } from './drag-reorder.js';
import * as edits from './edit-operations.js';
import { FindBar } from './find-bar.js';
import { formatChecks } from './format-checks.js';
import type { FormatCheck } from './identifier-formats.js';
import { createInlineInput, type InlineInput } from './inline-input.js';
import { isContainer, isPrefix, samePath, typeOf, valueAt, type JsonObject, type JsonType, type JsonValue, type Path } from './json.js';
import { resolvePointer, toPointer } from './json-pointer.js';
import type { JsonSchema } from './json-schema.js';
import { clipboardShortcuts, commandFor, shortcuts, typeKeys, type Command } from './keymap.js';
import { PatchError, type Patch, type PatchOperation } from './patch-operation.js';
import { Popup } from './popup.js';
import { ProblemsList } from './problems-list.js';
import type { RowDecoration, RowState, RowView } from './row-view.js';
import { SchemaIndex } from './schema-index.js';
import { Viewport } from './viewport.js';
import { VisibleTree } from './visible-tree.js';

export interface EditorOptions {
  value: JsonValue;
  schema?: JsonSchema;
  /** Called with the operations of every local change (edits, undo and redo), never for `applyPatch`. */
  onPatch?: (operations: PatchOperation[]) => void;
  readOnly?: boolean;
  /** Extra or replacement string formats, e.g. the server's identifier validators. */
  formats?: Record<string, FormatCheck>;
  /** Containers with more children than this start collapsed (default 100). */
  autoCollapse?: number;
  /** Milliseconds of quiet after an edit before the document is validated again (default 200). */
  validationDelay?: number;
  /**
   * Makes the schema validator. The default, ajv, compiles validators with `new Function`, which a Content
   * Security Policy without 'unsafe-eval' refuses: such pages pass an interpreting validator. The default is
   * loaded only when no validator is given.
   */
  validator?: ValidatorFactory;
}

export interface Editor {
  getValue(): JsonValue;
  /** Applies changes made elsewhere (a collaborator, the server); they are not reported to `onPatch`. */
  applyPatch(operations: Patch): void;
  /** Reveals, selects and scrolls to a node; accepts a path or a JSON Pointer. */
  focusPath(path: Path | string): void;
  /** Shows issues from outside the schema check, e.g. the server's 422 answer. */
  setServerIssues(issues: readonly NodeIssue[]): void;
  getIssues(): readonly ValidationIssue[];
  /** The operations applied since the last call: the body of a save (PATCH with If-Match). */
  takePendingPatch(): PatchOperation[];
  destroy(): void;
}

interface Editing {
  path: Path;
  pointer: string;
  input: InlineInput;
}

export function createEditor(element: HTMLElement, options: EditorOptions): Editor {
  return new RecordEditor(element, options);
}

/** The editor: wires the model, the visible tree, the schema and the viewport to the keyboard and pointer. */
class RecordEditor implements Editor {
  private readonly document: Document;
  private readonly root: HTMLDivElement;
  private readonly model: DocumentModel;
  private readonly tree: VisibleTree;
  private readonly schema: SchemaIndex;
  private readonly viewport: Viewport;
  private readonly popup: Popup;
  private readonly drag: DragReorder;
  private readonly find: FindBar;
  private readonly problems: ProblemsList;
  private readonly formats: Record<string, FormatCheck>;
  private readonly readOnly: boolean;
  private validator: Promise<DocumentValidator> | null = null;
  private selected: Path = [];
  private editing: Editing | null = null;
  private typeMode = false;
  private schemaIssues: ValidationIssue[] = [];
  private serverIssues: ValidationIssue[] = [];
  private issuesByPointer = new Map<string, string[]>();
  private validationTimer: ReturnType<typeof setTimeout> | undefined;
  /** When (performance.now) the document will have been quiet long enough to be validated. */
  private validationDue = 0;
  private validationGeneration = 0;
  private destroyed = false;
  private internalClipboard: string | null = null;
  private pasteFallback: ReturnType<typeof setTimeout> | undefined;
  private readonly resizeObserver: ResizeObserver | null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: EditorOptions,
  ) {
    this.document = host.ownerDocument;
    this.readOnly = options.readOnly ?? false;
    this.formats = formatChecks(options.formats);
    this.model = new DocumentModel(options.value);
    this.tree = new VisibleTree(options.value, { autoCollapse: options.autoCollapse ?? 100 });
    this.schema = new SchemaIndex(options.schema);
    this.root = this.document.createElement('div');
    this.root.className = 'cx-editor';
    this.root.tabIndex = 0;
    this.root.setAttribute('aria-label', 'Record editor');
    this.viewport = new Viewport(this.document, () => this.render());
    this.popup = new Popup(this.root, () => this.root.focus());
    this.drag = new DragReorder({ tree: this.tree, viewport: this.viewport, render: () => this.render(), move: (path, to) => this.moveTo(path, to) });
    this.find = new FindBar(this.document, {
      document: () => this.model.live,
      goTo: (path) => {
        this.tree.reveal(path);
        this.select(path);
      },
      changed: () => this.render(),
      closed: () => this.root.focus({ preventScroll: true }),
    });
    this.problems = new ProblemsList(this.document, (pointer) => this.focusPath(pointer));
    this.root.append(this.find.element, this.viewport.scroller, this.problems.element);
    host.append(this.root);
    this.listen();
    this.unsubscribe = this.model.onChange((change) => this.changed(change));
    this.resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => {
      this.viewport.resized();
      this.render();
    });
    this.resizeObserver?.observe(this.viewport.scroller);
    this.render();
    if (options.schema) this.scheduleValidation();
  }

  // ---- public API ---------------------------------------------------------------------------------

  getValue(): JsonValue {
    return this.model.value;
  }

  applyPatch(operations: Patch): void {
    this.model.applyRemote(operations);
  }

  focusPath(path: Path | string): void {
    const target = typeof path === 'string' ? existingPath(this.model.live, path) : path;
    if (target === undefined || valueAt(this.model.live, target) === undefined) return;
    this.tree.reveal(target);
    this.select(target);
    this.root.focus({ preventScroll: true });
  }

  setServerIssues(issues: readonly NodeIssue[]): void {
    this.serverIssues = issues.map((issue) => ({ ...issue, source: 'server' }));
    this.showIssues();
  }

  getIssues(): readonly ValidationIssue[] {
    return [...this.schemaIssues, ...this.serverIssues];
  }

  takePendingPatch(): PatchOperation[] {
    return this.model.takePending();
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.validationTimer);
    this.find.destroy();
    clearTimeout(this.pasteFallback);
    this.drag.cancel();
    this.resizeObserver?.disconnect();
    this.unsubscribe();
    this.root.remove();
  }

  // ---- rendering ----------------------------------------------------------------------------------

  private render(): void {
    const count = this.tree.rowCount;
    this.viewport.setRowCount(count);
    const first = this.viewport.firstRow;
    const shown = Math.max(0, Math.min(this.viewport.capacity, count - first));
    const views = this.viewport.views(shown);
    const doc = this.model.live;
    // A scroll may hand the edited row to another pooled view: the input moves there, and moving it
    // takes its focus away, so the typing that follows would no longer reach it.
    const input = this.editing?.input.element;
    const typing = input !== undefined && this.document.activeElement === input;
    views.forEach((view, i) => this.refresh(view, first + i, doc));
    this.viewport.layout(shown);
    if (typing && input.isConnected && this.document.activeElement !== input) input.focus({ preventScroll: true });
  }

  /**
   * After scalars were replaced by scalars under a schema without alternatives: every row keeps its place and
   * nothing any other row shows can have changed (a container's row shows its schema and its size), so only
   * the rows of the replaced values are looked up and updated, not every row in view.
   */
  private renderValues(paths: readonly Path[]): void {
    const doc = this.model.live;
    for (const path of paths) {
      const index = this.tree.indexOf(path);
      const view = index < 0 ? undefined : this.viewport.shownView(index - this.viewport.firstRow);
      if (view) this.refresh(view, index, doc);
    }
  }

  /** Brings a row view up to date with row `index`; the schema is looked up only when something it shows changed. */
  private refresh(view: RowView, index: number, doc: JsonValue): void {
    const row = this.tree.rowAt(index);
    const state = this.rowState(row.path);
    if (!view.shows(row, state)) view.update(row, this.decorate(doc, row.path, row.value, state));
  }

  private rowState(path: Path): RowState {
    const pointer = toPointer(path);
    return {
      pointer,
      selected: samePath(path, this.selected),
      match: this.find.isMatch(pointer),
      errors: this.issuesByPointer.size > 0 ? this.issuesByPointer.get(pointer) : undefined,
      editor: this.editing?.pointer === pointer ? this.editing.input.element : null,
    };
  }

  /** Schema facts for a row; the schema can depend on the value (oneOf), so this runs whenever the row changes. */
  private decorate(doc: JsonValue, path: Path, value: JsonValue, state: RowState): RowDecoration {
    const key = path[path.length - 1];
    return {
      ...state,
      schema: this.schema.describe(doc, path, value),
      required: key !== undefined && this.schema.isRequired(doc, path.slice(0, -1), key),
    };
  }

  private select(path: Path): void {
    this.selected = path;
    const index = this.tree.indexOf(path);
    this.render();
    if (index >= 0) {
      this.viewport.reveal(index);
      this.render();
    }
  }

  private selectIndex(index: number): void {
    const clamped = Math.max(0, Math.min(index, this.tree.rowCount - 1));
    this.select(this.tree.rowAt(clamped).path);
  }

  // ---- changes ------------------------------------------------------------------------------------

  private changed(change: Change): void {
    let before = change.before;
    change.operations.forEach((operation, i) => {
      const after = change.steps[i] as JsonValue;
      this.tree.apply(operation, before, after);
      before = after;
    });
    if (valueAt(change.after, this.selected) === undefined) this.selected = nearestExisting(change.after, this.selected);
    if (this.editing && valueAt(change.after, this.editing.path) === undefined) this.editing = null;
    if (change.origin !== 'remote') this.options.onPatch?.(change.operations);
    const replaced = this.schema.hasAlternatives ? null : scalarReplacements(change);
    if (replaced) this.renderValues(replaced);
    else {
      if (change.inPlace) this.forgetRowsOfWrittenContainers(change);
      this.render();
    }
    this.scheduleValidation();
  }

  /**
   * A value written in place leaves the containers above it the same objects, so their rows would be taken as
   * unchanged; under `oneOf`/`anyOf` what such a row shows can depend on the value, so they are shown anew.
   */
  private forgetRowsOfWrittenContainers(change: Change): void {
    for (const operation of change.operations) {
      const path = resolvePointer(change.after, operation.path);
      for (const view of this.viewport.pool) if (view.path.length < path.length && isPrefix(view.path, path)) view.forget();
    }
  }

  private edit(operations: PatchOperation[], mergeKey?: string): boolean {
    if (this.readOnly || operations.length === 0) return false;
    try {
      this.model.edit(operations, mergeKey);
      return true;
    } catch (error) {
      // An edit that does not apply (a move out of range, a stale path) changes nothing; any other error is a bug.
      if (!(error instanceof PatchError)) throw error;
      return false;
    }
  }

  private scheduleValidation(): void {
    if (!this.options.schema) return;
    // Validation waits for a pause in editing. One timer serves a whole typing run: a keystroke only moves the
    // due time and supersedes a check in progress, instead of clearing and setting a timer every time.
    this.validationGeneration++;
    const delay = this.options.validationDelay ?? 200;
    this.validationDue = performance.now() + delay;
    this.validationTimer ??= setTimeout(() => this.validateWhenDue(), delay);
  }

  private validateWhenDue(): void {
    const wait = this.validationDue - performance.now();
    if (wait > 0) {
      this.validationTimer = setTimeout(() => this.validateWhenDue(), wait);
      return;
    }
    this.validationTimer = undefined;
    void this.validate(this.validationGeneration);
  }

  private async validate(generation: number): Promise<void> {
    const superseded = () => generation !== this.validationGeneration || this.destroyed;
    this.validator ??= this.createValidator(this.options.schema as JsonSchema);
    const validator = await this.validator;
    const issues = await validator.validate(this.model.value, superseded);
    if (issues === null || superseded()) return;
    // Most pauses change nothing: then neither the rows with messages nor the problems list are rebuilt.
    if (sameIssues(issues, this.schemaIssues)) return;
    this.schemaIssues = issues.map((issue) => ({ ...issue, source: 'schema' }));
    this.showIssues();
  }

  private async createValidator(schema: JsonSchema): Promise<DocumentValidator> {
    if (this.options.validator) return this.options.validator(schema);
    const { SchemaValidator } = await import('./validator.js');
    return new SchemaValidator(schema, this.options.formats);
  }

  private showIssues(): void {
    const issues = this.getIssues();
    this.issuesByPointer = new Map();
    for (const issue of issues) this.issuesByPointer.set(issue.pointer, [...(this.issuesByPointer.get(issue.pointer) ?? []), issue.message]);
    this.problems.show(issues);
    this.render();
  }

  // ---- input --------------------------------------------------------------------------------------

  private listen(): void {
    this.root.addEventListener('keydown', (event) => this.keydown(event));
    this.root.addEventListener('mousedown', (event) => this.mousedown(event));
    this.root.addEventListener('dblclick', (event) => {
      const path = this.rowPath(event.target);
      if (path && !(event.target as Element).closest('.cx-toggle, .cx-type, .cx-input')) this.startEditing(path);
    });
    this.root.addEventListener('pointerdown', (event) => {
      const path = (event.target as Element).closest('.cx-handle') ? this.rowPath(event.target) : undefined;
      if (path && !this.readOnly) {
        event.preventDefault();
        this.drag.start(path, event);
      }
    });
    this.root.addEventListener('pointermove', (event) => this.drag.pointerMove(event));
    this.root.addEventListener('pointerup', () => this.drag.active && this.drag.finish());
    this.root.addEventListener('pointercancel', () => this.drag.cancel());
    this.root.addEventListener('copy', (event) => {
      if (this.editing || event.target === this.find.input) return;
      event.preventDefault();
      event.clipboardData?.setData('text/plain', this.copySelection());
    });
    this.root.addEventListener('paste', (event) => {
      if (this.editing || event.target === this.find.input) return;
      event.preventDefault();
      clearTimeout(this.pasteFallback);
      this.paste(event.clipboardData?.getData('text/plain') || this.internalClipboard);
    });
  }

  private rowPath(target: EventTarget | null): Path | undefined {
    const row = (target as Element | null)?.closest?.('.cx-row') as HTMLElement | null;
    return row ? this.viewport.pool.find((view) => view.element === row)?.path : undefined;
  }

  private mousedown(event: MouseEvent): void {
    const target = event.target as Element;
    const path = this.rowPath(target);
    if (!path || target.closest('.cx-input')) return;
    event.preventDefault();
    if (this.editing && this.editing.pointer !== toPointer(path)) this.finishEditing();
    this.root.focus({ preventScroll: true });
    this.select(path);
    if (target.closest('.cx-toggle')) this.toggle(path, !this.tree.isExpanded(path));
    else if (target.closest('.cx-type')) this.typeMenu();
    else if (target.closest('.cx-value.cx-enum')) this.startEditing(path);
  }

  private keydown(event: KeyboardEvent): void {
    if (event.target === this.find.input) return;
    if (this.typeMode) {
      this.typeMode = false;
      this.popup.close(false);
      const type = typeKeys[event.key.toLowerCase()];
      if (type) this.changeType(type);
      event.preventDefault();
      return;
    }
    if (this.editing) {
      this.editingKey(event);
      return;
    }
    if (this.drag.active && event.key === 'Escape') {
      this.drag.cancel();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey) {
      const key = event.key.toLowerCase();
      if (key === 'c') {
        this.internalClipboard = this.copySelection();
        return;
      }
      if (key === 'v') {
        // Without clipboard access (tests, locked-down browsers) no paste event follows; fall back to our copy.
        clearTimeout(this.pasteFallback);
        this.pasteFallback = setTimeout(() => this.paste(this.internalClipboard), 50);
        return;
      }
    }
    const command = commandFor(event);
    if (command === undefined) return;
    event.preventDefault();
    this.run(command);
  }

  private editingKey(event: KeyboardEvent): void {
    const command = commandFor(event);
    if (event.key === 'Enter') {
      event.preventDefault();
      this.finishEditing();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.cancelEditing();
    } else if (command === 'nextField' || command === 'previousField') {
      event.preventDefault();
      this.finishEditing();
      this.run(command, true);
    } else if (command === 'undo' || command === 'redo') {
      event.preventDefault();
      this.finishEditing();
      this.run(command);
    }
  }

  // ---- commands -----------------------------------------------------------------------------------

  private run(command: Command, keepEditing = false): void {
    const path = this.selected;
    const index = Math.max(0, this.tree.indexOf(path));
    const value = valueAt(this.model.live, path) as JsonValue;
    switch (command) {
      case 'up':
        return this.selectIndex(index - 1);
      case 'down':
        return this.selectIndex(index + 1);
      case 'pageUp':
        return this.selectIndex(index - this.viewport.pageSize);
      case 'pageDown':
        return this.selectIndex(index + this.viewport.pageSize);
      case 'first':
        return this.selectIndex(0);
      case 'last':
        return this.selectIndex(this.tree.rowCount - 1);
      case 'expand':
        if (!isContainer(value)) return;
        if (!this.tree.isExpanded(path)) return this.toggle(path, true);
        if (this.tree.rowCount > index + 1 && this.tree.rowAt(index + 1).depth > path.length) return this.selectIndex(index + 1);
        return;
      case 'collapse':
        if (isContainer(value) && this.tree.isExpanded(path)) return this.toggle(path, false);
        if (path.length > 0) this.select(path.slice(0, -1));
        return;
      case 'expandAll':
      case 'collapseAll':
        this.tree.setExpandedDeep(path, command === 'expandAll');
        return this.select(path);
      case 'edit':
        if (isContainer(value)) return this.toggle(path, !this.tree.isExpanded(path));
        return this.startEditing(path);
      case 'nextField':
      case 'previousField':
        return this.nextField(index, command === 'nextField' ? 1 : -1, keepEditing);
      case 'insert':
        return this.insert(path, value);
      case 'remove':
        if (path.length > 0) this.edit(edits.removeValue(path));
        return;
      case 'duplicate':
        if (this.edit(edits.duplicate(this.model.live, path)) && typeof path[path.length - 1] === 'number') this.select([...path.slice(0, -1), (path[path.length - 1] as number) + 1]);
        return;
      case 'moveUp':
      case 'moveDown': {
        const key = path[path.length - 1];
        if (typeof key === 'number') this.moveTo(path, key + (command === 'moveUp' ? -1 : 1));
        return;
      }
      case 'moveTo':
        return this.promptMove(path);
      case 'undo':
        this.model.undo();
        return;
      case 'redo':
        this.model.redo();
        return;
      case 'find':
        return this.find.open();
      case 'findNext':
      case 'findPrevious':
        return this.find.step(command === 'findNext' ? 1 : -1);
      case 'changeType':
        if (this.readOnly || path.length === 0) return;
        this.typeMode = true;
        this.popup.hint('Change type: press a key', this.table(Object.entries(typeKeys)));
        return;
      case 'help':
        return this.popup.info('Keyboard shortcuts', this.table([...shortcuts, ...clipboardShortcuts].map((s) => [s.keys, s.description] as const)));
      case 'problems':
        return this.nextProblem();
    }
  }

  private toggle(path: Path, expanded: boolean): void {
    this.tree.setExpanded(path, expanded);
    this.select(this.selected);
  }

  private moveTo(path: Path, toIndex: number): void {
    const parent = valueAt(this.model.live, path.slice(0, -1));
    if (!Array.isArray(parent) || toIndex < 0 || toIndex >= parent.length) return;
    if (this.edit(edits.moveItem(path, toIndex))) this.select([...path.slice(0, -1), toIndex]);
  }

  private promptMove(path: Path): void {
    const key = path[path.length - 1];
    if (typeof key !== 'number' || this.readOnly) return;
    this.popup.prompt(`Move item ${key} to index`, String(key), (text) => {
      const to = Number(text);
      if (Number.isInteger(to)) this.moveTo(path, to);
    });
  }

  private nextField(index: number, step: 1 | -1, edit: boolean): void {
    for (let i = index + step; i >= 0 && i < this.tree.rowCount; i += step) {
      const row = this.tree.rowAt(i);
      if (isContainer(row.value)) continue;
      this.select(row.path);
      if (edit) this.startEditing(row.path);
      return;
    }
  }

  /**
   * Insert: after the selected array item, at the end of a selected array, or a property of the selected object
   * (or of the object holding the selected value). New values are the schema's defaults.
   */
  private insert(path: Path, value: JsonValue): void {
    if (this.readOnly) return;
    const doc = this.model.live;
    const key = path[path.length - 1];
    if (typeof key === 'number' || Array.isArray(value)) {
      const arrayPath = typeof key === 'number' ? path.slice(0, -1) : path;
      const at = typeof key === 'number' ? key + 1 : (value as JsonValue[]).length;
      const item = this.schema.defaultFor(this.schema.childSchema(doc, arrayPath, at));
      if (this.edit(edits.insertItem(arrayPath, at, item))) this.focusPath([...arrayPath, at]);
      return;
    }
    const containerPath = isContainer(value) ? path : path.slice(0, -1);
    const container = valueAt(doc, containerPath);
    if (!isContainer(container)) return;
    const addable: { label: string; hint?: string; run: () => void }[] = this.schema.missingProperties(doc, containerPath, container).map((name) => ({
      label: name,
      ...(this.schema.isRequired(doc, containerPath, name) ? { hint: 'required' } : {}),
      run: () => this.addProperty(containerPath, name),
    }));
    if (this.schema.allowsAdditional(doc, containerPath)) {
      addable.push({
        label: 'Other property…',
        run: () => this.popup.prompt('New property name', edits.freeKey(container as JsonObject, 'new'), (name) => name && this.addProperty(containerPath, name)),
      });
    }
    if (addable.length > 0) this.popup.menu('Add property', addable);
  }

  private addProperty(objectPath: Path, name: string): void {
    const doc = this.model.live;
    if (Object.hasOwn(valueAt(doc, objectPath) as object, name)) return this.focusPath([...objectPath, name]);
    const value = this.schema.defaultFor(this.schema.childSchema(doc, objectPath, name));
    if (this.edit(edits.addProperty(objectPath, name, value))) this.focusPath([...objectPath, name]);
  }

  private changeType(type: JsonType): void {
    this.edit(edits.changeType(this.model.live, this.selected, type));
  }

  /** The type menu; where the schema has `oneOf`/`anyOf`, its alternatives come first (choosing one starts from its defaults). */
  private typeMenu(): void {
    if (this.readOnly || this.selected.length === 0) return;
    const path = this.selected;
    const value = valueAt(this.model.live, path) as JsonValue;
    const current = typeOf(value);
    const { variants, variant } = this.schema.describe(this.model.live, path, value);
    const alternatives = (variants ?? []).map((schema, index) => ({
      label: `${schema.title ?? `option ${index + 1}`}${index === variant ? ' ✓' : ''}`,
      hint: 'schema',
      run: () => this.edit(edits.setValue(path, this.schema.defaultFor(schema))),
    }));
    const types = Object.entries(typeKeys).map(([key, type]) => ({ label: type === current ? `${type} ✓` : type, hint: `Ctrl+. ${key}`, run: () => this.changeType(type) }));
    this.popup.menu('Change type', [...alternatives, ...types]);
  }

  private copySelection(): string {
    return JSON.stringify(valueAt(this.model.live, this.selected), null, 2);
  }

  /** Paste: after the selected array item, else in place of the selected value. */
  private paste(text: string | null): void {
    clearTimeout(this.pasteFallback);
    if (text === null || this.readOnly) return;
    let value: JsonValue;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch {
      value = text;
    }
    const path = this.selected;
    const key = path[path.length - 1];
    if (typeof key === 'number') {
      if (this.edit(edits.insertItem(path.slice(0, -1), key + 1, value))) this.select([...path.slice(0, -1), key + 1]);
    } else this.edit(edits.setValue(path, value));
  }

  // ---- inline editing -----------------------------------------------------------------------------

  private startEditing(path: Path): void {
    const value = valueAt(this.model.live, path);
    if (this.readOnly || value === undefined || isContainer(value)) return;
    const schema = this.schema.describe(this.model.live, path, value);
    if (schema.readOnly) return;
    if (typeof value === 'boolean' && !schema.enum) {
      this.edit(edits.setValue(path, !value));
      return;
    }
    this.model.sealHistory();
    const pointer = toPointer(path);
    const input = createInlineInput(this.document, value, schema, this.formats, (next) => this.edit(edits.setValue(path, next), `edit:${pointer}`));
    this.editing = { path, pointer, input };
    // Only a focus that stays elsewhere ends the edit: a render moving the input between row views
    // blurs it for a moment and gives the focus back (render). A destroyed editor has nothing to end.
    input.element.addEventListener('blur', () =>
      setTimeout(() => {
        if (!this.destroyed && this.editing?.input === input && this.document.activeElement !== input.element) this.finishEditing(false);
      }),
    );
    this.select(path);
    input.element.focus();
    if (input.element instanceof HTMLInputElement) input.element.select();
  }

  private finishEditing(refocus = true): void {
    this.editing = null;
    this.model.sealHistory();
    this.render();
    if (refocus) this.root.focus({ preventScroll: true });
  }

  private cancelEditing(): void {
    const editing = this.editing;
    if (!editing) return;
    const changed = valueAt(this.model.live, editing.path) !== editing.input.original;
    this.editing = null;
    // The typing run is one merged history step, so undoing it restores the value from before editing.
    if (changed) this.model.undo();
    this.render();
    this.root.focus({ preventScroll: true });
  }

  private nextProblem(): void {
    const pointers = [...this.issuesByPointer.keys()];
    if (pointers.length === 0) return;
    const current = pointers.indexOf(toPointer(this.selected));
    this.focusPath(pointers[(current + 1) % pointers.length] as string);
  }

  private table(rows: readonly (readonly [string, string])[]): HTMLElement {
    const table = this.document.createElement('table');
    for (const [keys, description] of rows) {
      const tr = table.insertRow();
      const kbd = this.document.createElement('kbd');
      kbd.textContent = keys;
      tr.insertCell().append(kbd);
      tr.insertCell().textContent = description;
    }
    return table;
  }
}

/** The paths of a change that only replaced scalars with scalars (a keystroke's change), or null. */
function scalarReplacements(change: Change): Path[] | null {
  const paths: Path[] = [];
  let before = change.before;
  for (const [i, operation] of change.operations.entries()) {
    if (operation.op !== 'replace' || isContainer(operation.value)) return null;
    const path = resolvePointer(before, operation.path);
    if (path.length === 0 || isContainer(valueAt(before, path))) return null;
    paths.push(path);
    before = change.steps[i] as JsonValue;
  }
  return paths;
}

function sameIssues(a: readonly NodeIssue[], b: readonly NodeIssue[]): boolean {
  return a.length === b.length && a.every((issue, i) => issue.pointer === b[i]?.pointer && issue.message === b[i]?.message);
}

/**
 * The path a pointer names, or undefined when it names nothing: a problem's pointer may point past the end of an
 * array the user has since shortened, and going to it then does nothing, like going to a removed property.
 */
function existingPath(doc: JsonValue, pointer: string): Path | undefined {
  try {
    return resolvePointer(doc, pointer);
  } catch {
    return undefined;
  }
}

function nearestExisting(doc: JsonValue, path: Path): Path {
  for (let length = path.length; length > 0; length--) {
    const candidate = path.slice(0, length);
    const key = candidate[candidate.length - 1];
    if (valueAt(doc, candidate) !== undefined) return candidate;
    // A removed array item is best replaced by the one that took its place, or the one before it.
    const parent = valueAt(doc, candidate.slice(0, -1));
    if (typeof key === 'number' && Array.isArray(parent) && parent.length > 0) return [...candidate.slice(0, -1), Math.min(key, parent.length - 1)];
  }
  return [];
}
