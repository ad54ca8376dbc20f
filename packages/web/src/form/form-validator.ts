import { format as schemaFormats, Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import {
  createErrorHandler,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';
import { identifierFormats } from './identifier-formats.js';

// The validator reads formats from this shared table: the identifier schemes join the standard ones.
Object.assign(schemaFormats, identifierFormats);

/**
 * Keywords whose failure only says "something below failed": the failure below is reported on
 * its own, at the field where it happened.
 */
const WRAPPERS = new Set(['properties', 'patternProperties', 'items', 'prefixItems', 'allOf', 'then', 'else', '$ref', 'dependentSchemas', 'additionalItems']);

/** "#/physics_objects/0/trigger" -> ".physics_objects.0.trigger", the path form react-jsonschema-form uses. */
const propertyOf = (instanceLocation: string) =>
  instanceLocation
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((k) => `.${decodeURIComponent(k).replace(/~1/g, '/').replace(/~0/g, '~')}`)
    .join('');

function messageOf(unit: OutputUnit): string {
  const format = /format "([^"]+)"/.exec(unit.error);
  if (unit.keyword === 'format' && format) return `is not a valid ${format[1]}`;
  return unit.error.replace(/^Instance /, '').replace(/\.$/, '');
}

function toValidationError(unit: OutputUnit): RJSFValidationError {
  const property = propertyOf(unit.instanceLocation);
  const missing = unit.keyword === 'required' ? /property "([^"]+)"/.exec(unit.error)?.[1] : undefined;
  const at = missing === undefined ? property : `${property}.${missing}`;
  const message = messageOf(unit);
  return { name: unit.keyword, property: at, message, stack: `${at} ${message}`.trim(), params: {}, schemaPath: unit.keywordLocation };
}

/**
 * The form's validator: JSON Schema 2020-12 interpreted, not compiled. The page's Content Security
 * Policy forbids eval, which compiling validators (ajv) needs; interpreting needs nothing more
 * than 'self'. One validator per schema object, because the form asks about the same sub-schemas
 * (oneOf and if/then branches) again and again.
 */
class InterpretingValidator implements ValidatorType {
  #cache = new WeakMap<object, Validator>();

  #validator(schema: RJSFSchema): Validator {
    let validator = this.#cache.get(schema);
    if (!validator) {
      validator = new Validator(schema as Schema, '2020-12', false);
      this.#cache.set(schema, validator);
    }
    return validator;
  }

  #errors(schema: RJSFSchema, formData: unknown): RJSFValidationError[] {
    const result = this.#validator(schema).validate(formData ?? {});
    return result.valid ? [] : result.errors.filter((u) => !WRAPPERS.has(u.keyword)).map(toValidationError);
  }

  validateFormData(formData: unknown, schema: RJSFSchema, customValidate?: CustomValidator, transformErrors?: ErrorTransformer, uiSchema?: UiSchema): ValidationData<unknown> {
    let errors = this.#errors(schema, formData);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const data = { errors, errorSchema: toErrorSchema(errors) };
    if (!customValidate) return data;
    const own = unwrapErrorHandler(customValidate(formData, createErrorHandler(formData), uiSchema));
    return validationDataMerge(data, own);
  }

  isValid(schema: RJSFSchema, formData: unknown): boolean {
    return this.#validator(schema).validate(formData).valid;
  }

  rawValidation<Result = OutputUnit>(schema: RJSFSchema, formData?: unknown): { errors?: Result[] } {
    const result = this.#validator(schema).validate(formData);
    return result.valid ? {} : { errors: result.errors as Result[] };
  }
}

export const formValidator = new InterpretingValidator();
