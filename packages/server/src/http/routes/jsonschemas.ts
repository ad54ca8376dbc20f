import type { FastifyPluginAsync } from 'fastify';
import type { Caller } from '../../accounts/account-types.js';
import { signedIn } from '../../accounts/signed-in.js';
import { CapsuleError } from '../../errors/capsule-error.js';
import { addressOf } from '../../schemas/schema-registry.js';
import { requireBody } from '../json-body.js';
import type { StoredSchema } from '../../schemas/schema-types.js';
import { schemaUrl } from '../../schemas/schema-urls.js';
import { isTrue } from '../query-flags.js';

interface NameParams { name: string }
interface VersionParams extends NameParams { version: string }
interface ResolveQuery { resolve?: string }
interface ValidateQuery { mode?: string }

/** Changing the registry is for superusers; through a token, only one carrying the schemas:admin scope. */
function requireSchemaAdmin(anyCaller: Caller): void {
  const caller = signedIn(anyCaller);
  if (!caller.user.isAdmin) throw new CapsuleError('forbidden', 'Only administrators may change schemas.');
  if (!caller.scopes.has('schemas:admin')) throw new CapsuleError('forbidden', 'The access token lacks the schemas:admin scope.');
}

/** /api/jsonschemas: the registry as CAP clients read it, and changed by administrators. */
export const jsonSchemaRoutes: FastifyPluginAsync = async (app) => {
  const registry = app.capsule.schemas;
  const base = app.capsule.config.baseUrl;

  async function present(s: StoredSchema, resolve: boolean) {
    const deposit = addressOf(s, 'deposit');
    const record = addressOf(s, 'record');
    return {
      name: s.name,
      version: s.version,
      fullname: s.fullname,
      experiment: s.experiment,
      kind: s.kind,
      deposit_schema: resolve ? await registry.resolved(deposit) : await registry.document(deposit),
      record_schema: resolve ? await registry.resolved(record) : await registry.document(record),
      deposit_options: s.deposit_options,
      config: s.config,
      created: s.created,
      links: {
        self: `${base}/api/jsonschemas/${s.name}/${s.version}`,
        versions: `${base}/api/jsonschemas/${s.name}/versions`,
        deposit_schema: schemaUrl(base, deposit),
        record_schema: schemaUrl(base, record),
      },
    };
  }

  app.get<{ Querystring: ResolveQuery }>('/', async (request) => {
    const latest = await registry.listLatest();
    return Promise.all(latest.map((s) => present(s, isTrue(request.query.resolve))));
  });

  app.post('/', async (request, reply) => {
    requireSchemaAdmin(request.caller);
    const added = await registry.add(requireBody(request.body));
    void reply.header('location', `${base}/api/jsonschemas/${added.name}/${added.version}`);
    return reply.status(201).send(await present(added, false));
  });

  app.put<{ Params: VersionParams }>('/:name/:version', async (request) => {
    requireSchemaAdmin(request.caller);
    return present(await registry.replace(request.params.name, request.params.version, requireBody(request.body)), false);
  });

  app.delete<{ Params: VersionParams }>('/:name/:version', async (request, reply) => {
    requireSchemaAdmin(request.caller);
    await registry.remove(request.params.name, request.params.version);
    return reply.status(204).send();
  });

  app.get<{ Params: NameParams }>('/:name/versions', async (request) => {
    const versions = await registry.versions(request.params.name);
    return { name: request.params.name, latest: versions[0], versions };
  });

  app.get<{ Params: NameParams; Querystring: ResolveQuery }>('/:name', async (request) =>
    present(await registry.get(request.params.name), isTrue(request.query.resolve)),
  );

  app.get<{ Params: VersionParams; Querystring: ResolveQuery }>('/:name/:version', async (request) =>
    present(await registry.get(request.params.name, request.params.version), isTrue(request.query.resolve)),
  );

  /** Validates a body: `mode=draft` as a draft (nothing required), otherwise as a record to publish. */
  app.post<{ Params: VersionParams; Querystring: ValidateQuery }>('/:name/:version/validate', async (request) => {
    const schema = await registry.get(request.params.name, request.params.version);
    const mode = request.query.mode === 'draft' ? 'draft' : 'full';
    const errors = await registry.validate(schema, request.body, mode);
    return { valid: errors.length === 0, mode, errors };
  });
};
