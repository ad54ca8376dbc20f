import { format as schemaFormats, Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { identifierFormats } from './identifier-formats.js';

// The validator reads formats from this shared table: the identifier schemes join the standard ones.
Object.assign(schemaFormats, identifierFormats);

/** One rule a document breaks, at the node where it breaks. */
export interface SchemaFailure {
  keyword: string;
  /** The node's keys from the root; array indexes are digit strings. */
  path: string[];
  /** The property a `required` failure misses. */
  missing: string | undefined;
  message: string;
  /** JSON Pointer of the failing keyword in the schema. */
  schemaPath: string;
}

/**
 * Keywords whose failure only says "something below failed": the failure below is reported on
 * its own, at the node where it happened.
 */
const WRAPPERS = new Set(['properties', 'patternProperties', 'items', 'prefixItems', 'allOf', 'then', 'else', '$ref', 'dependentSchemas', 'additionalItems']);

/**
 * JSON Schema 2020-12 interpreted, not compiled. The page's Content Security Policy forbids eval,
 * which compiling validators (ajv) needs; interpreting needs nothing more than 'self'. One
 * validator per schema object, because the form asks about the same sub-schemas (oneOf and
 * if/then branches) again and again.
 */
const validators = new WeakMap<object, Validator>();

export function validatorOf(schema: object): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema as Schema, '2020-12', false);
    validators.set(schema, validator);
  }
  return validator;
}

/** "#/physics_objects/0/trigger" -> ["physics_objects", "0", "trigger"] (the validator URI-encodes each key). */
const pathOf = (instanceLocation: string) =>
  instanceLocation
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((key) => decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~'));

function messageOf(unit: OutputUnit): string {
  const format = /format "([^"]+)"/.exec(unit.error);
  if (unit.keyword === 'format' && format) return `is not a valid ${format[1]}`;
  return unit.error.replace(/^Instance /, '').replace(/\.$/, '');
}

/** Every rule `data` breaks, each at its own node. */
export function failuresOf(schema: object, data: unknown): SchemaFailure[] {
  const result = validatorOf(schema).validate(data);
  if (result.valid) return [];
  return result.errors
    .filter((unit) => !WRAPPERS.has(unit.keyword))
    .map((unit) => ({
      keyword: unit.keyword,
      path: pathOf(unit.instanceLocation),
      missing: unit.keyword === 'required' ? /property "([^"]+)"/.exec(unit.error)?.[1] : undefined,
      message: messageOf(unit),
      schemaPath: unit.keywordLocation,
    }));
}

/** A draft may be incomplete: missing required fields are for publishing, as the server judges drafts. */
export const checkedInDrafts = (keyword: string | undefined): boolean => keyword !== 'required';
