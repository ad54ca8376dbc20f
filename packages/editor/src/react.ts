import { createElement, useEffect, useRef, type ReactElement } from 'react';
import { createEditor, type Editor, type EditorOptions } from './editor.js';
import type { Patch } from './patch-operation.js';

export interface RecordEditorProps extends EditorOptions {
  /** Remote operations to apply after mount; each new array is applied once. */
  remotePatch?: Patch;
  /** Receives the editor's imperative API (focusPath, getValue, ...). */
  editorRef?: (editor: Editor | null) => void;
  className?: string;
}

/**
 * The editor as a React component. The core owns its DOM and state; React only mounts it, forwards remote
 * patches, and destroys it. `value` and `schema` are read at mount: later changes arrive as patches.
 */
export function RecordEditor({ remotePatch, editorRef, className, ...options }: RecordEditorProps): ReactElement {
  const container = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const onPatch = useRef(options.onPatch);
  onPatch.current = options.onPatch;

  useEffect(() => {
    const instance = createEditor(container.current as HTMLDivElement, { ...options, onPatch: (operations) => onPatch.current?.(operations) });
    editor.current = instance;
    editorRef?.(instance);
    return () => {
      editorRef?.(null);
      instance.destroy();
      editor.current = null;
    };
    // Mount once: the editor is the source of truth for its document after that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (remotePatch && remotePatch.length > 0) editor.current?.applyPatch(remotePatch);
  }, [remotePatch]);

  return createElement('div', { ref: container, className, style: { height: '100%' } });
}
