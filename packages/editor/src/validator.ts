import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { DocumentValidator, NodeIssue } from './document-validator.js';
import { identifierFormats, type FormatCheck } from './identifier-formats.js';
import { isContainer, valueAt, type JsonValue } from './json.js';
import type { JsonSchema } from './json-schema.js';
import { toPointer } from './json-pointer.js';

/** An array whose elements are validated one by one, with results remembered per element object. */
interface SplitArray {
  path: string[];
  validate: ValidateFunction;
  cache: WeakMap<object, ErrorObject[]>;
  /** The array as last checked, so that the next check of an array of the same length looks only at elements that differ. */
  checked: CheckedArray | null;
}

interface CheckedArray {
  array: readonly JsonValue[];
  /** Issues of the elements that have any, by index. */
  issues: Map<number, NodeIssue[]>;
}

/** How long a slice of background validation may hold the main thread before yielding to input. */
const SLICE_MS = 8;
const ROOT_KEY = 'capsule:record-schema';
/** Shared by every valid element, so remembering 100,000 valid elements allocates nothing per element. */
const NO_ERRORS: ErrorObject[] = [];

/**
 * The editor's default validator: ajv (2020-12 + ajv-formats + identifier formats), reporting issues by node.
 * ajv compiles each schema into a function with `new Function`; pages whose Content Security Policy forbids
 * eval give the editor an interpreting validator instead (the `validator` option).
 *
 * Records are immutable and share unchanged subtrees between versions, so arrays of objects directly under the
 * root's properties (the large ones: datasets, triggers, cuts) are validated element by element and each
 * element's result is remembered by identity: after an edit only the changed element is validated again, and
 * the rest of the document is checked with those arrays' `items` left out.
 */
export class SchemaValidator implements DocumentValidator {
  private readonly rest: ValidateFunction;
  private readonly splits: SplitArray[];

  constructor(schema: JsonSchema, extraFormats: Record<string, FormatCheck> = {}) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats.default(ajv);
    for (const [name, check] of Object.entries({ ...identifierFormats, ...extraFormats })) ajv.addFormat(name, { type: 'string', validate: check });
    const rootId = schema.$id ?? ROOT_KEY;
    ajv.addSchema(schema, schema.$id === undefined ? ROOT_KEY : undefined);
    const paths = splittableArrays(schema);
    this.splits = paths.map((path) => ({
      path,
      validate: ajv.getSchema(`${rootId}#${toPointer(['properties', ...path.flatMap((key) => [key, 'properties'])].slice(0, -1))}/items`) as ValidateFunction,
      cache: new WeakMap(),
      checked: null,
    }));
    const rest = structuredClone(schema);
    rest.$id = `${rootId}-without-split-items`;
    for (const path of paths) delete (propertySchema(rest, path) as JsonSchema).items;
    this.rest = ajv.compile(rest);
  }

  /** Validates the whole document at once. */
  check(doc: JsonValue): NodeIssue[] {
    const issues = this.checkRest(doc);
    for (const split of this.splits) {
      const array = valueAt(doc, split.path);
      if (Array.isArray(array)) for (let i = 0; i < array.length; i++) issues.push(...this.checkElement(split, array[i] as JsonValue, i));
    }
    return issues;
  }

  /**
   * Validates the document. An array checked before with the same length (an edit inside its elements, a move)
   * costs one identity comparison per element and a validation per element that changed, so a keystroke in a
   * 100,000-item record is checked in well under a millisecond. Other arrays are checked in slices of a few
   * milliseconds, yielding to the event loop between them so typing never waits for a large first validation;
   * that resolves null if `superseded` turns true (a newer document is waiting).
   */
  async validate(doc: JsonValue, superseded: () => boolean): Promise<NodeIssue[] | null> {
    const issues = this.checkRest(doc);
    for (const split of this.splits) {
      const array = valueAt(doc, split.path);
      if (!Array.isArray(array)) {
        split.checked = null;
        continue;
      }
      const checked = split.checked?.array.length === array.length ? this.recheckChanged(split, split.checked, array) : await this.checkAll(split, array, superseded);
      if (checked === null) return null;
      split.checked = checked;
      for (const index of [...checked.issues.keys()].sort((a, b) => a - b)) issues.push(...(checked.issues.get(index) as NodeIssue[]));
    }
    return issues;
  }

  private recheckChanged(split: SplitArray, previous: CheckedArray, array: readonly JsonValue[]): CheckedArray {
    const issues = previous.issues;
    for (let i = 0; previous.array !== array && i < array.length; i++) {
      if (array[i] === previous.array[i]) continue;
      const found = this.checkElement(split, array[i] as JsonValue, i);
      if (found.length > 0) issues.set(i, found);
      else issues.delete(i);
    }
    return { array, issues };
  }

  private async checkAll(split: SplitArray, array: readonly JsonValue[], superseded: () => boolean): Promise<CheckedArray | null> {
    const issues = new Map<number, NodeIssue[]>();
    let sliceStart = performance.now();
    for (let i = 0; i < array.length; i++) {
      if ((i & 255) === 0 && performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (superseded()) return null;
        sliceStart = performance.now();
      }
      const found = this.checkElement(split, array[i] as JsonValue, i);
      if (found.length > 0) issues.set(i, found);
    }
    return { array, issues };
  }

  private checkRest(doc: JsonValue): NodeIssue[] {
    return this.rest(doc) ? [] : (this.rest.errors ?? []).filter(isShown).map((error) => toIssue(error, ''));
  }

  private checkElement(split: SplitArray, element: JsonValue, index: number): NodeIssue[] {
    let errors = isContainer(element) ? split.cache.get(element) : undefined;
    if (!errors) {
      errors = split.validate(element) ? NO_ERRORS : (split.validate.errors ?? []).filter(isShown);
      if (isContainer(element)) split.cache.set(element, errors);
    }
    if (errors.length === 0) return [];
    const prefix = toPointer([...split.path, index]);
    return errors.map((error) => toIssue(error, prefix));
  }
}

/** Property paths (from the root, through `properties` only) of arrays whose `items` is one object schema. */
function splittableArrays(schema: JsonSchema, path: string[] = []): string[][] {
  const found: string[][] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (typeof property.items === 'object' && !Array.isArray(property.items) && property.prefixItems === undefined) found.push([...path, name]);
    else if (property.properties && path.length < 4) found.push(...splittableArrays(property, [...path, name]));
  }
  return found;
}

function propertySchema(schema: JsonSchema, path: string[]): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const key of path) node = node?.properties?.[key];
  return node;
}

/** An `if` failure only says "must match then schema"; the `then` errors beside it say why. */
function isShown(error: ErrorObject): boolean {
  return error.keyword !== 'if';
}

function toIssue(error: ErrorObject, prefix: string): NodeIssue {
  const pointer = prefix + error.instancePath;
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { pointer, message: `required property "${missing}" is missing` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: JsonValue[] }).allowedValues;
    return { pointer, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { pointer, message: error.message ?? error.keyword };
}
