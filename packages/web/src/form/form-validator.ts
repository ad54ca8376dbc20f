import type { OutputUnit } from '@cfworker/json-schema';
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
import { failuresOf, validatorOf, type SchemaFailure } from '../validation/schema-failures.js';

/** A failure as react-jsonschema-form names it: ".physics_objects.0.trigger", a missing property included. */
function toValidationError({ keyword, path, missing, message, schemaPath }: SchemaFailure): RJSFValidationError {
  const property = [...path, ...(missing === undefined ? [] : [missing])].map((key) => `.${key}`).join('');
  return { name: keyword, property, message, stack: `${property} ${message}`.trim(), params: {}, schemaPath };
}

/** The form's validator: the app's interpreting one (no eval, see schema-failures.ts), in the form's terms. */
class InterpretingValidator implements ValidatorType {
  validateFormData(formData: unknown, schema: RJSFSchema, customValidate?: CustomValidator, transformErrors?: ErrorTransformer, uiSchema?: UiSchema): ValidationData<unknown> {
    let errors = failuresOf(schema, formData ?? {}).map(toValidationError);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const data = { errors, errorSchema: toErrorSchema(errors) };
    if (!customValidate) return data;
    const own = unwrapErrorHandler(customValidate(formData, createErrorHandler(formData), uiSchema));
    return validationDataMerge(data, own);
  }

  isValid(schema: RJSFSchema, formData: unknown): boolean {
    return validatorOf(schema).validate(formData).valid;
  }

  rawValidation<Result = OutputUnit>(schema: RJSFSchema, formData?: unknown): { errors?: Result[] } {
    const result = validatorOf(schema).validate(formData);
    return result.valid ? {} : { errors: result.errors as Result[] };
  }
}

export const formValidator = new InterpretingValidator();
