import type { Caller, User } from '../accounts/account-types.js';
import { DEPOSIT_ACTIONS, type Grant } from '../access/access-types.js';
import { bucketUrl, objectItem, versionKey } from '../files/file-items.js';
import type { BucketContents } from '../files/file-types.js';
import type { JsonSchema } from '../schemas/schema-types.js';
import type { DepositView } from './deposit-view.js';
import type { RecordView } from './published-records.js';
import type { RevisionEntry } from './record-types.js';

/**
 * The item formats of CAP-API.md, as plain objects. Shared by the HTTP layer (chosen by Accept)
 * and the CLI's --json output, so both print the same thing.
 */
export interface PresentContext {
  baseUrl: string;
  people: Map<number, User>;
  caller: Caller;
  /** Each draft's bucket, by draft id; a draft missing here is shown without files. */
  draftFiles?: Map<string, BucketContents>;
  /** Each published version's bucket, keyed by `versionKey`. */
  versionFiles?: Map<string, BucketContents>;
}

const filesOf = (baseUrl: string, contents: BucketContents | undefined) => (contents?.objects ?? []).map((o) => objectItem(baseUrl, o));

const person = (people: Map<number, User>, id: number) => {
  const u = people.get(id);
  return { email: u?.email ?? null, profile: u?.profile ?? {} };
};

function usersWith(grants: readonly Grant[], action: Grant['action']): number[] {
  return grants.filter((g) => g.action === action && g.subjectType === 'user').map((g) => Number(g.subject));
}

function groupsWith(grants: readonly Grant[], action: Grant['action']): string[] {
  return grants.filter((g) => g.action === action && g.subjectType === 'group').map((g) => g.subject);
}

export function depositLinks(baseUrl: string, uuid: string) {
  const self = `${baseUrl}/api/deposits/${uuid}`;
  return {
    self,
    html: `${baseUrl}/drafts/${uuid}`,
    files: `${self}/files`,
    revisions: `${self}/revisions`,
    publish: `${self}/actions/publish`,
    edit: `${self}/actions/edit`,
    discard: `${self}/actions/discard`,
    clone: `${self}/actions/clone`,
    permissions: `${self}/actions/permissions`,
  };
}

/** `application/json`: the full item. */
export function depositItem(view: DepositView, ctx: PresentContext) {
  const { head, schema, grants } = view;
  const bucket = ctx.draftFiles?.get(head.uuid);
  const access = Object.fromEntries(
    DEPOSIT_ACTIONS.map((action) => [action, { users: usersWith(grants, action).map((id) => person(ctx.people, id)), roles: groupsWith(grants, action) }]),
  );
  return {
    id: head.uuid,
    ...(head.recid ? { recid: head.recid } : {}),
    type: 'deposit' as const,
    revision: head.revision,
    schema: { name: schema.name, version: schema.version, fullname: schema.fullname },
    experiment: schema.experiment,
    status: head.status,
    created_by: person(ctx.people, head.createdBy),
    created: head.created,
    updated: head.updated,
    ...(head.clonedFrom ? { cloned_from: head.clonedFrom } : {}),
    metadata: head.metadata,
    files: filesOf(ctx.baseUrl, bucket),
    access,
    is_owner: ctx.caller.kind === 'user' && ctx.caller.user.id === head.createdBy,
    links: {
      ...depositLinks(ctx.baseUrl, head.uuid),
      ...(bucket ? { bucket: bucketUrl(ctx.baseUrl, bucket.bucket.id) } : {}),
      ...(head.recid ? { record: `${ctx.baseUrl}/api/records/${head.recid}` } : {}),
    },
  };
}

/** `application/basic+json`. */
export function basicItem(view: DepositView) {
  const { head } = view;
  return { pid: head.uuid, recid: head.recid, metadata: head.metadata, created: head.created, updated: head.updated };
}

/** `application/form+json`: the item with what a form generator needs. */
export function formItem(view: DepositView, ctx: PresentContext, resolvedDepositSchema: JsonSchema) {
  return {
    ...depositItem(view, ctx),
    schemas: { schema: resolvedDepositSchema, uiSchema: view.schema.deposit_options, config: view.schema.config },
    can_update: view.rights.update,
    can_admin: view.rights.admin,
  };
}

/** `application/permissions+json`. */
export function permissionsItem(view: DepositView, ctx: PresentContext) {
  const level = (action: Grant['action']) => ({
    users: usersWith(view.grants, action).map((id) => ctx.people.get(id)?.email ?? null),
    roles: groupsWith(view.grants, action),
  });
  return { permissions: { read: level('deposit-read'), update: level('deposit-update'), admin: level('deposit-admin') } };
}

/** A published version (`GET /api/records/{recid}`). */
export function recordItem(view: RecordView, ctx: PresentContext) {
  const { version, head, schema } = view;
  const self = `${ctx.baseUrl}/api/records/${version.recid}`;
  return {
    id: version.recid,
    recid: version.recid,
    type: 'record' as const,
    draft_id: head.uuid,
    version: version.version,
    versions: view.versionCount,
    schema: { name: schema.name, version: schema.version, fullname: schema.fullname },
    experiment: schema.experiment,
    status: 'published' as const,
    created_by: person(ctx.people, head.createdBy),
    created: head.created,
    updated: version.published,
    published_by: person(ctx.people, version.publishedBy),
    metadata: version.metadata,
    files: filesOf(ctx.baseUrl, ctx.versionFiles?.get(versionKey(version.recid, version.version))),
    links: {
      self,
      version: `${self}/versions/${version.version}`,
      versions: `${self}/versions`,
      html: `${ctx.baseUrl}/records/${version.recid}`,
      draft: `${ctx.baseUrl}/api/deposits/${head.uuid}`,
    },
  };
}

/** One entry of a draft's history. */
export function revisionItem(entry: RevisionEntry, people: Map<number, User>) {
  return { revision: entry.revision, action: entry.action, actor: person(people, entry.actor), at: entry.at, patch: entry.patch };
}
