import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../accounts/account-types.js';
import { CapsuleError } from '../../errors/capsule-error.js';
import { repositoriesItem } from '../../files/file-items.js';
import { parseIfMatch } from '../../records/deposit-context.js';
import type { DepositView } from '../../records/deposit-view.js';
import { depositExportItem } from '../../records/export-items.js';
import { peopleIn } from '../../records/people.js';
import { basicItem, depositItem, formItem, permissionsItem, revisionItem, type PresentContext } from '../../records/presenters.js';
import { addressOf } from '../../schemas/schema-registry.js';
import { ITEM_EXPORT_TYPES, LIST_EXPORT_TYPES, itemExport, listExport, sendExport } from '../export-responses.js';
import { requireBody } from '../json-body.js';
import { listEnvelope } from '../list-envelope.js';
import { registerMarcBodies } from '../marc-body.js';
import { clientHasCurrent } from '../conditional-request.js';
import { RenderedItems, renderedItem, sendRendered, type RenderedItem } from '../rendered-items.js';
import { negotiate } from '../negotiate.js';

interface IdParams { id: string }
interface RevisionParams extends IdParams { revision: string }
interface DiffParams extends IdParams { from: string; to: string }

const ITEM_FORMATS = [
  'application/json',
  'application/basic+json',
  'application/form+json',
  'application/permissions+json',
  'application/repositories+json',
  ...ITEM_EXPORT_TYPES,
];
const LIST_FORMATS = ['application/json', ...LIST_EXPORT_TYPES];

const etagOf = (view: DepositView) => `"${view.head.revision}"`;

function revisionNumber(raw: string, field: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new CapsuleError('bad_request', `${field} must be a revision number.`, [{ field: [field], message: 'must be a whole number' }]);
  return Number(raw);
}

/** /api/deposits: drafts and their lifecycle, as cap-client calls them. */
export const depositRoutes: FastifyPluginAsync = async (app) => {
  const { deposits, accounts, schemas, config, buckets, repositories } = app.capsule;

  /** The people the views name; the caller, whom a new draft names alone, is known without reading. */
  function peopleOf(request: FastifyRequest, views: DepositView[]): Promise<Map<number, User>> | Map<number, User> {
    const ids = peopleIn(views);
    const caller = request.caller.kind === 'user' ? request.caller.user : undefined;
    if (caller && ids.every((id) => id === caller.id)) return new Map([[caller.id, caller]]);
    return accounts.usersByIds(ids);
  }

  async function context(request: FastifyRequest, views: DepositView[]): Promise<PresentContext> {
    const unread = views.filter((v) => !v.files).map((v) => v.head.uuid);
    const [people, draftFiles] = await Promise.all([peopleOf(request, views), buckets.contentsOfDrafts(unread)]);
    for (const v of views) if (v.files) draftFiles.set(v.head.uuid, v.files);
    return { baseUrl: config.baseUrl, people, caller: request.caller, draftFiles };
  }

  /** One draft in the format the client accepts, with its revision as the ETag. */
  async function renderItem(request: FastifyRequest, view: DepositView): Promise<RenderedItem> {
    const format = negotiate(request, ITEM_FORMATS);
    const rendered = (text: string) => renderedItem(format, text, etagOf(view));
    const exported = itemExport(format, () => depositExportItem(view, config.baseUrl));
    if (exported !== undefined) return rendered(exported);
    const ctx = await context(request, [view]);
    const body =
      format === 'application/basic+json' ? basicItem(view)
      : format === 'application/permissions+json' ? permissionsItem(view, ctx)
      : format === 'application/repositories+json' ? repositoriesItem(await repositories.attachedTo(view.head.uuid))
      : format === 'application/form+json' ? formItem(view, ctx, await schemas.resolved(addressOf(view.schema, 'deposit')))
      : depositItem(view, ctx);
    return rendered(JSON.stringify(body));
  }

  async function sendItem(request: FastifyRequest, reply: FastifyReply, view: DepositView, status: number) {
    return sendRendered(reply.status(status), await renderItem(request, view));
  }

  const items = new RenderedItems();

  const ifMatch = (request: FastifyRequest) => parseIfMatch(request.headers['if-match']);

  // A new draft may also be one MARC record (MARCXML or TextMARC), as a bibliographic-record draft; no other route takes MARC.
  await app.register(async (creation) => {
    registerMarcBodies(creation);
    creation.post('/', async (request, reply) => {
      const view = await deposits.create(request.caller, requireBody(request.body));
      void reply.header('location', `${config.baseUrl}/api/deposits/${view.head.uuid}`);
      return sendItem(request, reply, view, 201);
    });
  });

  app.get('/', async (request, reply) => {
    const format = negotiate(request, LIST_FORMATS);
    const page = await deposits.list(request.caller, request.query as Record<string, unknown>);
    const exported = listExport(format, () => page.views.map((v) => depositExportItem(v, config.baseUrl)));
    if (exported !== undefined) return sendExport(reply, format, exported);
    const ctx = await context(request, page.views);
    return reply.send(listEnvelope(request, config.baseUrl, { ...page, items: page.views.map((v) => depositItem(v, ctx)) }));
  });

  app.get<{ Params: IdParams }>('/:id', async (request, reply) => {
    const item = await items.read(request, async () => renderItem(request, await deposits.get(request.caller, request.params.id)));
    if (clientHasCurrent(request, item.etag)) return reply.status(304).header('etag', item.etag).send();
    return sendRendered(reply, item);
  });

  app.put<{ Params: IdParams }>('/:id', async (request, reply) =>
    sendItem(request, reply, await deposits.replace(request.caller, request.params.id, requireBody(request.body), ifMatch(request)), 200),
  );

  app.patch<{ Params: IdParams }>('/:id', async (request, reply) =>
    sendItem(request, reply, await deposits.patch(request.caller, request.params.id, requireBody(request.body), ifMatch(request)), 200),
  );

  app.delete<{ Params: IdParams }>('/:id', async (request, reply) => {
    await deposits.remove(request.caller, request.params.id, ifMatch(request));
    return reply.status(204).send();
  });

  app.post<{ Params: IdParams }>('/:id/actions/publish', async (request, reply) =>
    sendItem(request, reply, await deposits.publish(request.caller, request.params.id, ifMatch(request)), 202),
  );
  app.post<{ Params: IdParams }>('/:id/actions/edit', async (request, reply) =>
    sendItem(request, reply, await deposits.edit(request.caller, request.params.id, ifMatch(request)), 201),
  );
  app.post<{ Params: IdParams }>('/:id/actions/discard', async (request, reply) =>
    sendItem(request, reply, await deposits.discard(request.caller, request.params.id, ifMatch(request)), 201),
  );
  app.post<{ Params: IdParams }>('/:id/actions/clone', async (request, reply) => {
    const view = await deposits.clone(request.caller, request.params.id);
    void reply.header('location', `${config.baseUrl}/api/deposits/${view.head.uuid}`);
    return sendItem(request, reply, view, 201);
  });
  app.post<{ Params: IdParams }>('/:id/actions/permissions', async (request, reply) =>
    sendItem(request, reply, await deposits.changePermissions(request.caller, request.params.id, requireBody(request.body)), 201),
  );

  app.get<{ Params: IdParams }>('/:id/revisions', async (request) => {
    const entries = await deposits.revisions(request.caller, request.params.id);
    const people = await accounts.usersByIds(entries.map((e) => e.actor));
    return { id: request.params.id, revisions: entries.map((e) => revisionItem(e, people)) };
  });

  app.get<{ Params: RevisionParams }>('/:id/revisions/:revision', async (request) => {
    const { metadata, entry } = await deposits.revision(request.caller, request.params.id, revisionNumber(request.params.revision, 'revision'));
    const people = await accounts.usersByIds([entry.actor]);
    return { id: request.params.id, ...revisionItem(entry, people), metadata };
  });

  app.get<{ Params: DiffParams }>('/:id/revisions/:from/diff/:to', async (request, reply) => {
    const patch = await deposits.diff(
      request.caller,
      request.params.id,
      revisionNumber(request.params.from, 'from'),
      revisionNumber(request.params.to, 'to'),
    );
    return reply.type('application/json-patch+json; charset=utf-8').send(patch);
  });
};
