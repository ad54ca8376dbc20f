import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Kysely } from 'kysely';
import semver from 'semver';
import type { Tables } from '../db/tables.js';
import { CapsuleError, notFound, type FieldError } from '../errors/capsule-error.js';
import { inlineRefs } from './inline-refs.js';
import { parseSchemaInput } from './schema-input.js';
import { schemaStore } from './schema-store.js';
import type { JsonSchema, SchemaVariant, StoredSchema, ValidationMode } from './schema-types.js';
import { schemaUrl, type SchemaAddress } from './schema-urls.js';
import { draftOf, toFieldErrors, ValidatorPool, type DocumentValidator, type SchemaLoader } from './validator-pool.js';

/** A schema version's address for one of its two documents. */
export function addressOf(s: Pick<StoredSchema, 'name' | 'version' | 'kind'>, variant: SchemaVariant): SchemaAddress {
  return { name: s.name, version: s.version, kind: s.kind, variant: s.kind === 'shared' ? 'deposit' : variant };
}

/** The document an address names, out of a stored version. */
function documentAt(s: StoredSchema, address: SchemaAddress): JsonSchema | undefined {
  if (s.kind !== address.kind) return undefined;
  return address.variant === 'record' ? s.record_schema : s.deposit_schema;
}

const metaValidators = { '2020-12': new Ajv2020({ allErrors: true, strict: false }), 'draft-07': new Ajv({ allErrors: true, strict: false }) };

/**
 * The schema registry: named, semver-versioned JSON Schemas, stored whole or not at all,
 * compiled once per version and enforced on every draft and record.
 */
export class SchemaRegistry {
  readonly #db: Kysely<Tables>;
  readonly #baseUrl: string;
  #pool: ValidatorPool;
  #generation = -1;
  /** Stored versions already read, valid for the current generation. */
  #cache = new Map<string, StoredSchema>();

  constructor(db: Kysely<Tables>, baseUrl: string) {
    this.#db = db;
    this.#baseUrl = baseUrl;
    this.#pool = this.#newPool();
  }

  get baseUrl(): string {
    return this.#baseUrl;
  }

  #loader(): SchemaLoader {
    return async (address) => {
      const stored = await schemaStore.find(this.#db, address.name, address.version);
      return stored && documentAt(stored, address);
    };
  }

  #newPool(load: SchemaLoader = this.#loader()): ValidatorPool {
    return new ValidatorPool(this.#baseUrl, load);
  }

  /** Every version of every schema, newest version first within a name. */
  async list(): Promise<StoredSchema[]> {
    const all = await schemaStore.all(this.#db);
    return all.sort((a, b) => a.name.localeCompare(b.name) || semver.rcompare(a.version, b.version));
  }

  /** The newest version of each schema. */
  async listLatest(): Promise<StoredSchema[]> {
    const seen = new Set<string>();
    return (await this.list()).filter((s) => !seen.has(s.name) && seen.add(s.name));
  }

  async versions(name: string): Promise<string[]> {
    const versions = await schemaStore.versionsOf(this.#db, name);
    if (versions.length === 0) throw notFound(`Schema ${name} does not exist.`);
    return versions.sort(semver.rcompare);
  }

  /** One version; the newest when no version is given. */
  async get(name: string, version?: string): Promise<StoredSchema> {
    const v = version ?? (await this.versions(name))[0]!;
    await this.#dropStale();
    const key = `${name}@${v}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const found = await schemaStore.find(this.#db, name, v);
    if (!found) throw notFound(`Schema ${name} has no version ${v}.`);
    this.#cache.set(key, found);
    return found;
  }

  /** The facet names each collection declares (over all its versions). */
  async facetsBySchema(): Promise<Map<string, string[]>> {
    const out = new Map<string, Set<string>>();
    for (const s of await this.list()) {
      const names = out.get(s.name) ?? new Set<string>();
      for (const facet of Object.keys(s.config.facets ?? {})) names.add(facet);
      out.set(s.name, names);
    }
    return new Map([...out].map(([name, facets]) => [name, [...facets]]));
  }

  /** A schema document with its `$id`, as served under /schemas/. */
  async document(address: SchemaAddress): Promise<JsonSchema> {
    const stored = await schemaStore.find(this.#db, address.name, address.version);
    const doc = stored && documentAt(stored, address);
    if (doc === undefined) throw notFound(`No schema at ${schemaUrl(this.#baseUrl, address)}.`);
    return typeof doc === 'object' ? { $id: schemaUrl(this.#baseUrl, address), ...doc } : doc;
  }

  /** The document with every `$ref` inlined. */
  async resolved(address: SchemaAddress): Promise<JsonSchema> {
    const doc = await this.document(address);
    return inlineRefs(doc, schemaUrl(this.#baseUrl, address), this.#loader());
  }

  /** The compiled validator of one version: lenient for drafts, full for published records. */
  async validator(schema: Pick<StoredSchema, 'name' | 'version' | 'kind'>, mode: ValidationMode): Promise<DocumentValidator> {
    await this.#dropStale();
    return this.#pool.validator(addressOf(schema, mode === 'draft' ? 'deposit' : 'record'), mode);
  }

  async validate(schema: Pick<StoredSchema, 'name' | 'version' | 'kind'>, document: unknown, mode: ValidationMode): Promise<FieldError[]> {
    return (await this.validator(schema, mode))(document);
  }

  /**
   * Every change to the registry bumps a generation number in the database; another instance
   * may have made it, so compiled validators and cached versions of an older generation go.
   */
  async #dropStale(): Promise<void> {
    const generation = await schemaStore.generation(this.#db);
    if (generation !== this.#generation) {
      this.#generation = generation;
      this.#pool = this.#newPool();
      this.#cache = new Map();
    }
  }

  /**
   * Adds a new version. Refused (400, with the reason and field) when the body is malformed,
   * the version is not semver or exists, a document is not valid JSON Schema, or a `$ref`
   * resolves nowhere. Checked fully before anything is written.
   */
  async add(body: unknown): Promise<StoredSchema> {
    const input = parseSchemaInput(body);
    const kind = input.kind ?? 'collection';
    const candidate: StoredSchema = {
      name: input.name,
      version: input.version,
      kind,
      fullname: input.fullname ?? input.name,
      experiment: input.experiment ?? null,
      deposit_schema: input.deposit_schema,
      record_schema: kind === 'shared' ? input.deposit_schema : (input.record_schema ?? input.deposit_schema),
      deposit_options: input.deposit_options ?? {},
      config: input.config ?? {},
      created: new Date().toISOString(),
    };
    if (await schemaStore.find(this.#db, candidate.name, candidate.version)) throw versionExists(candidate);
    await this.#checkCompiles(candidate);
    try {
      await this.#db.transaction().execute(async (trx) => {
        await schemaStore.insert(trx, candidate);
        await schemaStore.bumpGeneration(trx);
      });
    } catch (e) {
      // Another writer added the same version between our check and the insert.
      if (await schemaStore.find(this.#db, candidate.name, candidate.version)) throw versionExists(candidate);
      throw e;
    }
    return candidate;
  }

  /** Meta-schema validation, then a trial compile of both documents in both modes against the registry. */
  async #checkCompiles(candidate: StoredSchema): Promise<void> {
    const variants: SchemaVariant[] = candidate.kind === 'shared' ? ['deposit'] : ['deposit', 'record'];
    for (const variant of variants) {
      const field = `${variant}_schema`;
      const doc = documentAt(candidate, addressOf(candidate, variant))!;
      if (typeof doc === 'boolean') continue;
      let draft;
      try {
        draft = draftOf(doc);
      } catch (e) {
        throw prefixFields(e, field);
      }
      const meta = metaValidators[draft];
      if (!meta.validateSchema(doc)) {
        throw new CapsuleError('bad_request', `${field} is not a valid JSON Schema.`, toFieldErrors(meta.errors, [field]));
      }
    }
    const registryLoader = this.#loader();
    const trial = this.#newPool(async (address) =>
      address.name === candidate.name && address.version === candidate.version ? documentAt(candidate, address) : registryLoader(address),
    );
    for (const variant of variants) {
      for (const mode of ['draft', 'full'] as const) {
        try {
          await trial.validator(addressOf(candidate, variant), mode);
        } catch (e) {
          throw prefixFields(e, `${variant}_schema`);
        }
      }
    }
  }
}

function versionExists(s: StoredSchema): CapsuleError {
  return new CapsuleError('bad_request', `Schema ${s.name} already has version ${s.version}; add a new version instead.`, [
    { field: ['version'], message: 'already exists' },
  ]);
}

function prefixFields(e: unknown, field: string): unknown {
  if (!(e instanceof CapsuleError)) return e;
  const errors = e.errors.length ? e.errors : [{ field: [], message: e.message }];
  return new CapsuleError(e.code, e.message, errors.map((fe) => ({ ...fe, field: [field, ...fe.field] })));
}
