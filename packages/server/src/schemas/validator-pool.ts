import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { CapsuleError, type FieldError } from '../errors/capsule-error.js';
import { pointerToPath } from '../errors/json-pointer.js';
import { identifierFormats } from './formats/index.js';
import { lenientSchema } from './lenient-schema.js';
import type { JsonSchema, ValidationMode } from './schema-types.js';
import { parseSchemaUrl, schemaUrl, type SchemaAddress } from './schema-urls.js';

/** Fetches a schema document from the registry (never from the network); undefined if there is none. */
export type SchemaLoader = (address: SchemaAddress) => Promise<JsonSchema | undefined>;

/** Checks one document; returns every failing field (empty when valid). */
export type DocumentValidator = (document: unknown) => FieldError[];

const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (
  ajv: Ajv,
) => Ajv;

export type Draft = '2020-12' | 'draft-07';

export function draftOf(schema: JsonSchema): Draft {
  const declared = typeof schema === 'object' ? schema.$schema : undefined;
  if (declared === undefined || declared === 'https://json-schema.org/draft/2020-12/schema') return '2020-12';
  if (typeof declared === 'string' && /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/.test(declared)) return 'draft-07';
  throw new CapsuleError('bad_request', `Unsupported $schema ${JSON.stringify(declared)}: use draft 2020-12 or draft-07.`, [
    { field: ['$schema'], message: 'must be https://json-schema.org/draft/2020-12/schema or http://json-schema.org/draft-07/schema#' },
  ]);
}

/** Converts ajv's errors into CAP field errors, naming the missing or extra property in the path. */
export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, prefix: (string | number)[] = []): FieldError[] {
  return (errors ?? []).map((e) => {
    const field = [...prefix, ...pointerToPath(e.instancePath)];
    if (e.keyword === 'required') field.push(String(e.params.missingProperty));
    if (e.keyword === 'additionalProperties') field.push(String(e.params.additionalProperty));
    if (e.keyword === 'unevaluatedProperties') field.push(String(e.params.unevaluatedProperty));
    if (e.keyword === 'dependentRequired') field.push(String(e.params.missingProperty));
    const message =
      e.keyword === 'required' ? 'This field is required.'
      : e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties' ? 'This field is not allowed by the schema.'
      : e.keyword === 'enum' ? `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
      : (e.message ?? 'is invalid');
    return { field, message };
  });
}

/**
 * Compiled validators, built once per schema version and mode, and kept. One ajv
 * instance per (draft, mode): drafts compile against the lenient form of every schema,
 * records against the full form, so a shared sub-schema appears once in each.
 */
export class ValidatorPool {
  readonly #baseUrl: string;
  readonly #load: SchemaLoader;
  readonly #instances = new Map<string, Ajv>();
  readonly #validators = new Map<string, Promise<DocumentValidator>>();

  constructor(baseUrl: string, load: SchemaLoader) {
    this.#baseUrl = baseUrl;
    this.#load = load;
  }

  /** The validator of one schema document in one mode, compiled on first use. */
  validator(address: SchemaAddress, mode: ValidationMode): Promise<DocumentValidator> {
    const url = schemaUrl(this.#baseUrl, address);
    const key = `${mode} ${url}`;
    let pending = this.#validators.get(key);
    if (!pending) {
      pending = this.#compile(address, url, mode);
      // A failed compile is not cached: the schema it needed may be added later.
      pending.catch(() => this.#validators.delete(key));
      this.#validators.set(key, pending);
    }
    return pending;
  }

  async #compile(address: SchemaAddress, url: string, mode: ValidationMode): Promise<DocumentValidator> {
    const document = await this.#document(address, url, mode);
    const ajv = this.#instance(draftOf(document), mode);
    let validate: ValidateFunction;
    try {
      validate = ajv.getSchema(url) ?? (await ajv.compileAsync(document as AnySchemaObject));
    } catch (e) {
      throw compileError(e);
    }
    return (data) => (validate(data) ? [] : toFieldErrors(validate.errors));
  }

  async #document(address: SchemaAddress, url: string, mode: ValidationMode): Promise<AnySchemaObject> {
    const found = await this.#load(address);
    if (found === undefined) {
      throw new CapsuleError('bad_request', `The schema ${url} resolves nowhere in the registry.`, [{ field: ['$ref'], message: url }]);
    }
    const schema = mode === 'draft' ? lenientSchema(found) : found;
    if (typeof schema === 'boolean') return { $id: url, ...(schema ? {} : { not: {} }) };
    return { ...schema, $id: url };
  }

  #instance(draft: Draft, mode: ValidationMode): Ajv {
    const key = `${draft} ${mode}`;
    let ajv = this.#instances.get(key);
    if (!ajv) {
      const options = {
        allErrors: true,
        strict: false,
        validateFormats: true,
        // Every document was checked against its meta-schema when it was added (the registry's
        // check); checking again at each compile would compile the meta-schema in every process.
        validateSchema: false,
        loadSchema: async (uri: string) => {
          const address = parseSchemaUrl(uri);
          if (!address) throw new CapsuleError('bad_request', `$ref ${uri} resolves nowhere: only schemas of this registry can be referenced.`);
          return this.#document(address, uri.split('#')[0]!, mode);
        },
      };
      ajv = draft === '2020-12' ? new Ajv2020(options) : new Ajv(options);
      addFormats(ajv);
      for (const [name, validate] of Object.entries(identifierFormats)) ajv.addFormat(name, { type: 'string', validate });
      this.#instances.set(key, ajv);
    }
    return ajv;
  }
}

/** A schema that does not compile is the uploader's mistake: a 400 naming the reason. */
function compileError(e: unknown): CapsuleError {
  if (e instanceof CapsuleError) return e;
  const err = e as { message?: string; missingRef?: string; missingSchema?: string };
  if (err.missingRef) {
    return new CapsuleError('bad_request', `$ref ${err.missingRef} resolves nowhere.`, [{ field: ['$ref'], message: err.missingRef }]);
  }
  return new CapsuleError('bad_request', `The schema does not compile: ${err.message ?? String(e)}`);
}
