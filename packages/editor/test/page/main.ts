import { generateRecord, generateSchema } from '../../../../bench/editor/generate.js';
import { createEditor, type Editor, type EditorOptions, type JsonSchema, type JsonValue, type PatchOperation } from '../../src/index.js';
import '../../src/styles.css';

/**
 * The page the browser tests drive: the benchmark's record (`?n=` items) in an editor exposed on `window`,
 * mounted directly or, with `?react`, through the React wrapper.
 */
const params = new URLSearchParams(location.search);
const host = document.getElementById('host') as HTMLElement;
const patches: PatchOperation[][] = [];
const options: EditorOptions = {
  value: generateRecord(Number(params.get('n') ?? 20)) as JsonValue,
  schema: generateSchema() as JsonSchema,
  onPatch: (operations) => patches.push(operations),
  validationDelay: 10,
};

declare global {
  interface Window {
    editor: Editor;
    /** Replaces the editor by one with other options (record, schema, ...). */
    remount(overrides: Partial<EditorOptions>): void;
    patches: PatchOperation[][];
    react: { sendRemote(operations: PatchOperation[]): void; unmount(): void };
  }
}
window.patches = patches;
window.remount = (overrides) => {
  window.editor.destroy();
  window.editor = createEditor(host, { ...options, ...overrides });
};

if (params.has('react')) {
  const [{ createElement }, { createRoot }, { RecordEditor }] = await Promise.all([import('react'), import('react-dom/client'), import('../../src/react.js')]);
  const root = createRoot(host);
  let remotePatch: PatchOperation[] | undefined;
  const render = () => root.render(createElement(RecordEditor, { ...options, remotePatch, editorRef: (editor) => editor && (window.editor = editor) }));
  window.react = {
    sendRemote(operations) {
      remotePatch = operations;
      render();
    },
    unmount: () => root.unmount(),
  };
  render();
} else {
  window.editor = createEditor(host, options);
}
