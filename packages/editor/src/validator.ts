import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { identifierFormats, type FormatCheck } from './identifier-formats.js';
import type { JsonValue } from './json.js';
import type { JsonSchema } from './json-schema.js';

/** A problem at one node, from ajv or from the server's 422 answer. */
export interface ValidationIssue {
  /** JSON Pointer of the node the message belongs to. */
  pointer: string;
  message: string;
  source: 'schema' | 'server';
}

/** Validates whole documents with ajv (2020-12 + ajv-formats + identifier formats), reporting issues by node. */
export class SchemaValidator {
  private readonly validate: ValidateFunction;

  constructor(schema: JsonSchema, extraFormats: Record<string, FormatCheck> = {}) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats.default(ajv);
    for (const [name, check] of Object.entries({ ...identifierFormats, ...extraFormats })) ajv.addFormat(name, { type: 'string', validate: check });
    this.validate = ajv.compile(schema);
  }

  check(doc: JsonValue): ValidationIssue[] {
    if (this.validate(doc)) return [];
    return (this.validate.errors ?? []).filter(isShown).map(toIssue);
  }
}

/** An `if` failure only says "must match then schema"; the `then` errors beside it say why. */
function isShown(error: ErrorObject): boolean {
  return error.keyword !== 'if';
}

function toIssue(error: ErrorObject): ValidationIssue {
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { pointer: error.instancePath, message: `required property "${missing}" is missing`, source: 'schema' };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: JsonValue[] }).allowedValues;
    return { pointer: error.instancePath, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`, source: 'schema' };
  }
  return { pointer: error.instancePath, message: error.message ?? error.keyword, source: 'schema' };
}
