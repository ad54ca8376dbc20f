export { createEditor, type Editor, type EditorOptions } from './editor.js';
export { DocumentModel, type Change, type ChangeOrigin } from './document-model.js';
export { applyOperation, applyPatch } from './apply-patch.js';
export type { JsonValue, JsonType, Path } from './json.js';
export type { JsonSchema } from './json-schema.js';
export { PatchError, type Patch, type PatchOperation } from './patch-operation.js';
export { identifierFormats, type FormatCheck } from './identifier-formats.js';
export type { DocumentValidator, NodeIssue, ValidationIssue, ValidatorFactory } from './document-validator.js';
export { shortcuts } from './keymap.js';
