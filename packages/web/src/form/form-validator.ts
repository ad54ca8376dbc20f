import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import { identifierFormats } from './identifier-formats.js';

/** Validation in the form: JSON Schema 2020-12, as the registry's schemas are written, with the identifier formats. */
export const formValidator = customizeValidator({
  AjvClass: Ajv2020,
  customFormats: identifierFormats,
  ajvOptionsOverrides: { strict: false },
});
