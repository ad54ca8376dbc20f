import { JSONEditor } from '@json-editor/json-editor';
import type { BenchAdapter } from './adapter.js';

interface JsonEditorInstance {
  getValue(): unknown;
  destroy(): void;
  on(event: string, callback: () => void): void;
}

let editor: JsonEditorInstance | null = null;

export const adapter: BenchAdapter = {
  mount(element, json, schema) {
    return new Promise((resolve) => {
      const Constructor = JSONEditor as unknown as new (element: HTMLElement, options: object) => JsonEditorInstance;
      editor = new Constructor(element, { schema, startval: json, theme: 'html', iconlib: null, show_errors: 'change' });
      editor.on('ready', () => resolve());
    });
  },
  getValue: () => editor?.getValue(),
  unmount() {
    editor?.destroy();
    editor = null;
  },
  async focusField(path) {
    const name = `root${path.map((key) => `[${key}]`).join('')}`;
    const input = document.querySelector(`[name="${name}"]`) as HTMLInputElement;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  },
  async moveUp(index) {
    const item = document.querySelector(`[data-schemapath="root.items.${index}"]`) as HTMLElement;
    // The item's own button, not one of its nested arrays' buttons.
    const own = [...item.querySelectorAll<HTMLButtonElement>('.json-editor-btn-moveup')].find((button) => button.closest('[data-schemapath]') === item);
    own?.click();
  },
};
