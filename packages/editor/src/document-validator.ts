import type { JsonValue } from './json.js';
import type { JsonSchema } from './json-schema.js';

/** A problem at one node: the node's JSON Pointer and what is wrong there. */
export interface NodeIssue {
  pointer: string;
  message: string;
}

/** A problem the editor shows, from its schema check or from the server's 422 answer. */
export interface ValidationIssue extends NodeIssue {
  source: 'schema' | 'server';
}

/**
 * The schema check the editor runs after each pause in editing. `superseded` turns true once a newer document
 * waits to be checked: a validator that works in slices may then stop early and resolve null.
 */
export interface DocumentValidator {
  validate(doc: JsonValue, superseded: () => boolean): Promise<NodeIssue[] | null>;
}

/** Makes the validator of a record schema. */
export type ValidatorFactory = (schema: JsonSchema) => DocumentValidator;
