import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import semver from 'semver';
import { CapsuleError } from '../errors/capsule-error.js';
import type { SchemaInput } from './schema-types.js';
import { toFieldErrors } from './validator-pool.js';

/** The shape of a schema upload (CLI file or HTTP body). */
const inputShape = {
  type: 'object',
  required: ['name', 'version', 'deposit_schema'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,99}$' },
    version: { type: 'string', maxLength: 100 },
    kind: { enum: ['collection', 'shared'] },
    fullname: { type: 'string', maxLength: 500 },
    experiment: { type: ['string', 'null'], maxLength: 100 },
    deposit_schema: { type: ['object', 'boolean'] },
    record_schema: { type: ['object', 'boolean'] },
    deposit_options: { type: 'object' },
    config: {
      type: 'object',
      properties: {
        title: { type: 'string', pattern: '^(/.*)?$' },
        facets: { type: 'object', additionalProperties: { type: 'string', pattern: '^(/.*)?$' } },
        pid_format: { type: 'string', pattern: '\\{random\\}' },
        reviewable: { type: 'boolean' },
      },
    },
  },
} as const;

/** Compiled on first use: compiling it (and Ajv's meta-schema) costs every command's start otherwise, and most never add a schema. */
let shapeCheck: ValidateFunction | undefined;
const checkShape = () => (shapeCheck ??= new Ajv2020({ allErrors: true, allowUnionTypes: true }).compile(inputShape));

/** Checks what can be checked without the registry: the shape, the name, a semver version. */
export function parseSchemaInput(body: unknown): SchemaInput {
  const check = checkShape();
  if (!check(body)) {
    throw new CapsuleError('bad_request', 'Invalid schema upload.', toFieldErrors(check.errors));
  }
  const input = body as unknown as SchemaInput;
  if (semver.valid(input.version) !== input.version) {
    throw new CapsuleError('bad_request', `Version ${JSON.stringify(input.version)} is not a semantic version (MAJOR.MINOR.PATCH).`, [
      { field: ['version'], message: 'must be a semantic version such as 1.0.0' },
    ]);
  }
  return input;
}
