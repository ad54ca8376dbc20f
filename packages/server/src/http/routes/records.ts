import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { CapsuleError } from '../../errors/capsule-error.js';
import { peopleIn } from '../../records/people.js';
import { recordItem, type PresentContext } from '../../records/presenters.js';
import type { RecordView } from '../../records/published-records.js';
import { listEnvelope } from '../list-envelope.js';
import { negotiate } from '../negotiate.js';

interface RecidParams { recid: string }
interface VersionParams extends RecidParams { version: string }

/** /api/records: published, immutable versions. */
export const recordRoutes: FastifyPluginAsync = async (app) => {
  const { records, accounts, config, buckets } = app.capsule;

  async function context(request: FastifyRequest, views: RecordView[]): Promise<PresentContext> {
    const [people, versionFiles] = await Promise.all([accounts.usersByIds(peopleIn(views)), buckets.contentsOfVersions(views.map((v) => v.version))]);
    return { baseUrl: config.baseUrl, people, caller: request.caller, versionFiles };
  }

  app.get('/', async (request) => {
    negotiate(request, ['application/json']);
    const page = await records.list(request.caller, request.query as Record<string, unknown>);
    const ctx = await context(request, page.views);
    return listEnvelope(request, config.baseUrl, { ...page, items: page.views.map((v) => recordItem(v, ctx)) });
  });

  app.get<{ Params: RecidParams }>('/:recid', async (request) => {
    negotiate(request, ['application/json']);
    const view = await records.get(request.caller, request.params.recid);
    return recordItem(view, await context(request, [view]));
  });

  app.get<{ Params: RecidParams }>('/:recid/versions', async (request) => {
    const versions = await records.versions(request.caller, request.params.recid);
    const base = `${config.baseUrl}/api/records/${request.params.recid}`;
    return {
      recid: request.params.recid,
      versions: versions.map((v) => ({ version: v.version, published: v.published, revision: v.revision, links: { self: `${base}/versions/${v.version}` } })),
    };
  });

  app.get<{ Params: VersionParams }>('/:recid/versions/:version', async (request) => {
    negotiate(request, ['application/json']);
    if (!/^[1-9]\d{0,8}$/.test(request.params.version)) {
      throw new CapsuleError('bad_request', 'version must be a whole number from 1.', [{ field: ['version'], message: 'must be a whole number' }]);
    }
    const view = await records.get(request.caller, request.params.recid, Number(request.params.version));
    return recordItem(view, await context(request, [view]));
  });
};
