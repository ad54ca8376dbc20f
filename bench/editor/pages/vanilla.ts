import addFormats from 'ajv-formats';
import { createAjvValidator, createEditValueSelection, createJSONEditor, Mode, type JsonEditor } from 'vanilla-jsoneditor';
import { benchFormats } from '../generate.js';
import type { BenchAdapter } from './adapter.js';

let editor: JsonEditor | null = null;

export const adapter: BenchAdapter = {
  async mount(element, json, schema) {
    const validator = createAjvValidator({
      schema: schema as Record<string, unknown>,
      onCreateAjv: (ajv) => {
        addFormats.default(ajv as unknown as Parameters<typeof addFormats.default>[0]);
        for (const [name, pattern] of Object.entries(benchFormats)) ajv.addFormat(name, pattern);
      },
    });
    editor = createJSONEditor({ target: element, props: { content: { json }, mode: Mode.tree, validator } });
  },
  getValue: () => (editor?.get() as { json: unknown }).json,
  unmount() {
    void editor?.destroy();
    editor = null;
  },
  async focusField(path) {
    const jsonPath = path.map(String);
    editor?.expand(jsonPath.slice(0, -1));
    editor?.select(createEditValueSelection(jsonPath));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    // Editing starts with the text selected; put the caret at the end so typing appends, as in the other editors.
    const editable = document.activeElement as HTMLElement;
    const range = document.createRange();
    range.selectNodeContents(editable);
    range.collapse(false);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
  },
  async moveUp(index) {
    // Tree mode reorders only by dragging; its API applies the same JSON Patch move.
    editor?.patch([{ op: 'move', from: `/items/${index}`, path: `/items/${index - 1}` }]);
  },
};
