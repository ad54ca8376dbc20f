import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Kysely, Transaction } from 'kysely';
import semver from 'semver';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError, notFound, type FieldError } from '../errors/capsule-error.js';
import { inlineRefs } from './inline-refs.js';
import { parseSchemaInput } from './schema-input.js';
import { schemaStore } from './schema-store.js';
import type { JsonSchema, SchemaInput, SchemaVariant, StoredSchema, ValidationMode } from './schema-types.js';
import { schemaPath, schemaUrl, type SchemaAddress } from './schema-urls.js';
import { draftOf, toFieldErrors, ValidatorPool, type DocumentValidator, type Draft, type SchemaLoader } from './validator-pool.js';

/** A schema version's address for one of its two documents. */
export function addressOf(s: Pick<StoredSchema, 'name' | 'version' | 'kind'>, variant: SchemaVariant): SchemaAddress {
  return { name: s.name, version: s.version, kind: s.kind, variant: s.kind === 'shared' ? 'deposit' : variant };
}

/** The document an address names, out of a stored version. */
function documentAt(s: StoredSchema, address: SchemaAddress): JsonSchema | undefined {
  if (s.kind !== address.kind) return undefined;
  return address.variant === 'record' ? s.record_schema : s.deposit_schema;
}

const GENERATION_RECHECK_MS = 1000;

/** Meta-schema checkers, made on first use: only adding a schema needs them, and making them costs every start. */
const metaValidators: Partial<Record<Draft, Ajv>> = {};
const metaValidator = (draft: Draft): Ajv => (metaValidators[draft] ??= draft === '2020-12' ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false }));

/**
 * The schema registry: named, semver-versioned JSON Schemas, stored whole or not at all,
 * compiled once per version and enforced on every draft and record.
 */
export class SchemaRegistry {
  readonly #db: Kysely<Tables>;
  readonly #write: Database['write'];
  readonly #dialect: Database['dialect'];
  readonly #baseUrl: string;
  #pool: ValidatorPool;
  #generation = -1;
  /** When the generation was last read; 0 forces a read. */
  #checkedAt = 0;
  /** Stored versions already read, valid for the current generation. */
  #cache = new Map<string, StoredSchema>();

  constructor(database: Pick<Database, 'db' | 'write' | 'dialect'>, baseUrl: string) {
    this.#db = database.db;
    this.#write = database.write;
    this.#dialect = database.dialect;
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
   * The number is read at most once a second (a change made elsewhere shows here within that),
   * and at once after a change made here.
   */
  async #dropStale(): Promise<void> {
    const now = Date.now();
    if (now - this.#checkedAt < GENERATION_RECHECK_MS) return;
    this.#checkedAt = now;
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
    return (await this.addAll([body]))[0]!;
  }

  /**
   * Adds several versions as one unit: they may `$ref` each other in any order, all are checked
   * in one trial compile, and all are stored in one transaction, or none is.
   */
  async addAll(bodies: readonly unknown[]): Promise<StoredSchema[]> {
    const now = new Date().toISOString();
    const candidates = bodies.map((body) => candidateOf(parseSchemaInput(body), now));
    const byKey = new Map<string, StoredSchema>();
    for (const c of candidates) {
      if (byKey.has(`${c.name}@${c.version}`) || (await schemaStore.find(this.#db, c.name, c.version))) throw versionExists(c);
      byKey.set(`${c.name}@${c.version}`, c);
    }
    await this.#checkCompiles(candidates, byKey);
    try {
      await this.#change(async (trx) => {
        for (const c of candidates) await schemaStore.insert(trx, c);
      });
    } catch (e) {
      // Another writer added one of these versions between our check and the insert.
      for (const c of candidates) if (await schemaStore.find(this.#db, c.name, c.version)) throw versionExists(c);
      throw e;
    }
    return candidates;
  }

  /**
   * Replaces a version nothing depends on yet. A version used by a record, or referenced by
   * another schema, is immutable: change it by adding a new version.
   */
  async replace(name: string, version: string, body: unknown): Promise<StoredSchema> {
    const existing = await this.get(name, version);
    const input = parseSchemaInput(body);
    if (input.name !== name || input.version !== version) {
      throw new CapsuleError('bad_request', `The body describes ${input.name} ${input.version}, not ${name} ${version}.`, [{ field: ['version'], message: 'must match the URL' }]);
    }
    const candidate = candidateOf(input, existing.created);
    await this.#checkCompiles([candidate], new Map([[`${name}@${version}`, candidate]]));
    await this.#change(async (trx) => {
      await this.#requireUnused(trx, existing);
      await schemaStore.replace(trx, candidate);
    });
    return candidate;
  }

  /** Deletes a version nothing depends on. */
  async remove(name: string, version: string): Promise<void> {
    const existing = await this.get(name, version);
    await this.#change(async (trx) => {
      await this.#requireUnused(trx, existing);
      await schemaStore.remove(trx, name, version);
    });
  }

  /** A change to the stored versions, with the generation bump that tells every instance, and this one at once. */
  async #change(work: (trx: Transaction<Tables>) => Promise<void>): Promise<void> {
    await this.#write(async (trx) => {
      await work(trx);
      await schemaStore.bumpGeneration(trx);
    });
    this.#checkedAt = 0;
  }

  /**
   * Refuses a change to a version records or other schemas depend on. Runs inside the change's
   * transaction, with the version locked, so a record made meanwhile cannot be left with a
   * schema version that changed or went under it.
   */
  async #requireUnused(trx: Transaction<Tables>, s: StoredSchema): Promise<void> {
    await schemaStore.lock(trx, this.#dialect, s.name, s.version);
    if (await schemaStore.usedByRecords(trx, s.name, s.version)) {
      throw new CapsuleError('bad_request', `${s.name} ${s.version} is used by records and cannot change; add a new version instead.`, [{ field: ['version'], message: 'in use' }]);
    }
    const path = schemaPath(addressOf(s, 'deposit'));
    const dependents = (await schemaStore.all(trx)).filter(
      (o) => !(o.name === s.name && o.version === s.version) && (JSON.stringify(o.deposit_schema).includes(path) || JSON.stringify(o.record_schema).includes(path)),
    );
    if (dependents.length) {
      throw new CapsuleError('bad_request', `${s.name} ${s.version} is referenced by ${dependents.map((d) => `${d.name} ${d.version}`).join(', ')} and cannot change.`, [{ field: ['version'], message: 'referenced' }]);
    }
  }

  /** Meta-schema validation, then a trial compile of every document in both modes, against the registry and each other. */
  async #checkCompiles(candidates: readonly StoredSchema[], byKey: ReadonlyMap<string, StoredSchema>): Promise<void> {
    const variantsOf = (c: StoredSchema): SchemaVariant[] => (c.kind === 'shared' ? ['deposit'] : ['deposit', 'record']);
    const failing = (e: unknown, c: StoredSchema, variant: SchemaVariant) =>
      prefixFields(e, candidates.length > 1 ? `${c.name}@${c.version}/${variant}_schema` : `${variant}_schema`);
    for (const c of candidates) {
      for (const variant of variantsOf(c)) {
        const doc = documentAt(c, addressOf(c, variant))!;
        if (typeof doc === 'boolean') continue;
        let meta;
        try {
          meta = metaValidator(draftOf(doc));
        } catch (e) {
          throw failing(e, c, variant);
        }
        if (!meta.validateSchema(doc)) {
          throw failing(new CapsuleError('bad_request', `${variant}_schema is not a valid JSON Schema.`, toFieldErrors(meta.errors)), c, variant);
        }
      }
    }
    const registryLoader = this.#loader();
    const trial = this.#newPool(async (address) => {
      const candidate = byKey.get(`${address.name}@${address.version}`);
      return candidate ? documentAt(candidate, address) : registryLoader(address);
    });
    for (const c of candidates) {
      for (const variant of variantsOf(c)) {
        for (const mode of ['draft', 'full'] as const) {
          try {
            await trial.validator(addressOf(c, variant), mode);
          } catch (e) {
            throw failing(e, c, variant);
          }
        }
      }
    }
  }
}

function candidateOf(input: SchemaInput, created: string): StoredSchema {
  const kind = input.kind ?? 'collection';
  return {
    name: input.name,
    version: input.version,
    kind,
    fullname: input.fullname ?? input.name,
    experiment: input.experiment ?? null,
    deposit_schema: input.deposit_schema,
    record_schema: kind === 'shared' ? input.deposit_schema : (input.record_schema ?? input.deposit_schema),
    deposit_options: input.deposit_options ?? {},
    config: input.config ?? {},
    created,
  };
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
