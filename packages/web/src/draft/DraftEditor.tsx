import { toPointer, type Editor, type JsonSchema, type NodeIssue } from '@capsule/editor';
import { RecordEditor } from '@capsule/editor/react';
import '@capsule/editor/styles.css';
import { useEffect, useImperativeHandle, useMemo, useState, type Ref } from 'react';
import type { FieldError } from '../api/api-error.js';
import type { JsonSchema as DraftSchema, Metadata } from '../api/types.js';
import { valueAt } from '../json/value-at.js';
import { identifierFormats } from '../validation/identifier-formats.js';
import { draftValidator } from './draft-validator.js';
import type { OperationsSource } from './use-autosave.js';
import './draft-editor.css';

interface DraftEditorProps {
  schema: DraftSchema;
  /** Read once, when the editor opens: from then on the editor holds the document. */
  metadata: Metadata;
  readOnly: boolean;
  /** The server's: from the last save or publish attempt. */
  fieldErrors: readonly FieldError[];
  onEdit: (metadata: Metadata, source: OperationsSource) => void;
  ref?: Ref<DraftEditorHandle>;
}

/** What the page around the editor may ask of it. */
export interface DraftEditorHandle {
  /** Selects a field's node, or its nearest existing parent when the field is missing. */
  goTo(field: FieldError['field']): void;
}

/** The part of a field path that exists in the document, and the rest. */
function existingPart(document: Metadata, field: FieldError['field']) {
  let depth = field.length;
  while (depth > 0 && valueAt(document, field.slice(0, depth)) === undefined) depth -= 1;
  return { pointer: toPointer(field.slice(0, depth)), missing: field.slice(depth) };
}

/**
 * A server error at the node it names; one about a node that does not exist (a required field
 * left out) goes to its nearest existing parent, naming what is missing.
 */
function serverIssue(document: Metadata, { field, message }: FieldError): NodeIssue {
  const { pointer, missing } = existingPart(document, field);
  return { pointer, message: missing.length ? `${missing.join(' › ')}: ${message}` : message };
}

/**
 * The draft in the record editor, the "Editor" tab beside the form: each edit reaches the page as
 * the document and the editor's pending JSON Patch, and the server's field errors show at their nodes.
 */
export default function DraftEditor({ schema, metadata, readOnly, fieldErrors, onEdit, ref }: DraftEditorProps) {
  const [editor, setEditor] = useState<Editor | null>(null);
  // One source per editor, so the save that gathers operations asks each editor once.
  const source = useMemo(() => editor && (() => editor.takePendingPatch()), [editor]);

  useImperativeHandle(ref, () => ({ goTo: (field) => editor?.focusPath(existingPart(editor.getValue() as Metadata, field).pointer) }), [editor]);

  useEffect(() => {
    if (editor) editor.setServerIssues(fieldErrors.map((error) => serverIssue(editor.getValue() as Metadata, error)));
  }, [editor, fieldErrors]);

  return (
    <div className="draft-editor">
      <RecordEditor
        value={metadata}
        schema={schema as JsonSchema}
        readOnly={readOnly}
        formats={identifierFormats}
        validator={draftValidator}
        onPatch={() => editor && source && onEdit(editor.getValue() as Metadata, source)}
        editorRef={setEditor}
      />
    </div>
  );
}
