import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CapsuleError } from '../../errors/capsule-error.js';
import { peopleIn } from '../../records/people.js';
import { recordExportItem } from '../../records/export-items.js';
import { recordItem, type PresentContext } from '../../records/presenters.js';
import type { RecordView } from '../../records/published-records.js';
import { ITEM_EXPORT_TYPES, LIST_EXPORT_TYPES, itemExport, listExport, sendExport } from '../export-responses.js';
import { listEnvelope } from '../list-envelope.js';
import { negotiate } from '../negotiate.js';
import { RenderedItems, renderedItem, sendRendered, type RenderedItem } from '../rendered-items.js';

interface RecidParams { recid: string }
interface VersionParams extends RecidParams { version: string }

const ITEM_FORMATS = ['application/json', ...ITEM_EXPORT_TYPES];
const LIST_FORMATS = ['application/json', ...LIST_EXPORT_TYPES];

/** /api/records: published, immutable versions. */
export const recordRoutes: FastifyPluginAsync = async (app) => {
  const { records, accounts, config, buckets } = app.capsule;

  async function context(request: FastifyRequest, views: RecordView[]): Promise<PresentContext> {
    const [people, versionFiles] = await Promise.all([accounts.usersByIds(peopleIn(views)), buckets.contentsOfVersions(views.map((v) => v.version))]);
    return { baseUrl: config.baseUrl, people, caller: request.caller, versionFiles };
  }

  /** One version in the format the client accepts: the CAP item, or an export of its metadata. */
  async function renderRecord(request: FastifyRequest, view: RecordView): Promise<RenderedItem> {
    const format = negotiate(request, ITEM_FORMATS);
    const exported = itemExport(format, () => recordExportItem(view, config.baseUrl));
    return renderedItem(format, exported ?? JSON.stringify(recordItem(view, await context(request, [view]))));
  }

  const items = new RenderedItems();

  /** A version (the latest without one) as the caller may see it, rendered or from the cache. */
  async function sendRecord(request: FastifyRequest<{ Params: RecidParams }>, reply: FastifyReply, version?: number) {
    const item = await items.read(request, async () => renderRecord(request, await records.get(request.caller, request.params.recid, version)));
    return sendRendered(reply, item);
  }

  app.get('/', async (request, reply) => {
    const format = negotiate(request, LIST_FORMATS);
    const page = await records.list(request.caller, request.query as Record<string, unknown>);
    const exported = listExport(format, () => page.views.map((v) => recordExportItem(v, config.baseUrl)));
    if (exported !== undefined) return sendExport(reply, format, exported);
    const ctx = await context(request, page.views);
    return listEnvelope(request, config.baseUrl, { ...page, items: page.views.map((v) => recordItem(v, ctx)) });
  });

  app.get<{ Params: RecidParams }>('/:recid', async (request, reply) => sendRecord(request, reply));

  app.get<{ Params: RecidParams }>('/:recid/versions', async (request) => {
    const versions = await records.versions(request.caller, request.params.recid);
    const base = `${config.baseUrl}/api/records/${request.params.recid}`;
    return {
      recid: request.params.recid,
      versions: versions.map((v) => ({ version: v.version, published: v.published, revision: v.revision, links: { self: `${base}/versions/${v.version}` } })),
    };
  });

  app.get<{ Params: VersionParams }>('/:recid/versions/:version', async (request, reply) => {
    if (!/^[1-9]\d{0,8}$/.test(request.params.version)) {
      throw new CapsuleError('bad_request', 'version must be a whole number from 1.', [{ field: ['version'], message: 'must be a whole number' }]);
    }
    return sendRecord(request, reply, Number(request.params.version));
  });
};
