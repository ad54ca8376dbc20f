import { createEditor, type Editor, type JsonSchema, type JsonValue } from '../../../packages/editor/src/index.js';
import type { BenchAdapter } from './adapter.js';
import '../../../packages/editor/src/styles.css';

let editor: Editor | null = null;

/** Sends a key to the focused element the way a user's keypress arrives (same listeners, same code path). */
function press(key: string, modifiers: KeyboardEventInit = {}): void {
  (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }));
}

export const adapter: BenchAdapter = {
  async mount(element, json, schema) {
    editor = createEditor(element, { value: json as JsonValue, schema: schema as JsonSchema });
  },
  getValue: () => editor?.getValue(),
  unmount() {
    editor?.destroy();
    editor = null;
  },
  async focusField(path) {
    editor?.focusPath(path);
    press('Enter');
    // Editing starts with the text selected; put the caret at the end so typing appends, as in the other editors.
    const input = document.activeElement as HTMLInputElement;
    input.setSelectionRange(input.value.length, input.value.length);
  },
  async moveUp(index) {
    editor?.focusPath(['items', index]);
    press('ArrowUp', { altKey: true });
  },
};
