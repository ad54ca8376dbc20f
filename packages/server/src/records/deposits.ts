import jsonpatch from 'fast-json-patch';
import type { Transaction } from 'kysely';
import type { Caller, User } from '../accounts/account-types.js';
import { userStore } from '../accounts/user-store.js';
import { accessStore } from '../access/access-store.js';
import type { Grant, Rights } from '../access/access-types.js';
import { creatorGrants, rightsOf } from '../access/rights.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError, notFound } from '../errors/capsule-error.js';
import { draftBuckets } from '../files/draft-buckets.js';
import type { StoredSchema } from '../schemas/schema-types.js';
import { parseSchemaUrl } from '../schemas/schema-urls.js';
import { searchDocumentOf } from '../search/search-document.js';
import { indexRecord, reindexRecord } from '../search/search-index.js';
import { requireDepositUser, type RecordDeps } from './deposit-context.js';
import type { DepositView } from './deposit-view.js';
import { appendRevisions, documentAt, listRevisions, revisionPatch, serializeNew } from './history.js';
import { applyJsonPatch, changedMembers } from './json-patch.js';
import { cleanMetadata } from './metadata.js';
import { parseListQuery, type ListQuery } from './list-query.js';
import { listRecords, type ListResult } from './listing.js';
import { parsePermissionChanges, type PermissionChange } from './permission-changes.js';
import { isDraftId, mintRecid, newDraftId } from './record-ids.js';
import { insertNewDraft, type NewDraft } from './new-draft.js';
import { recordStore } from './record-store.js';
import type { Metadata, Operation, RecordHead, RevisionAction, RevisionEntry } from './record-types.js';

const VALIDATION_FAILED = 'Validation error. Try again with valid data';
const MINT_ATTEMPTS = 20;

type Tx = Transaction<Tables>;

/** What a lifecycle step sees inside its transaction, with the head locked. */
interface StepContext {
  trx: Tx;
  view: DepositView;
  user: User;
  /** The revision this step writes, and when. */
  revision: number;
  now: string;
}

/** The head a step leaves, and the top-level members of its metadata it changed, when it knows them. */
interface StepResult {
  head: RecordHead;
  changed?: readonly string[];
}

type MetadataChange = Omit<StepResult, 'head'> & { metadata: Metadata };

const forbidden = (message: string) => new CapsuleError('forbidden', message);

function requireRight(rights: Rights, right: keyof Rights, what: string): void {
  if (!rights[right]) throw forbidden(`You may not ${what} this analysis.`);
}

/**
 * Drafts ("deposits") and their lifecycle: create, change, publish, edit, discard, clone,
 * delete, share. Every action is one transaction that locks the head, checks the caller's
 * rights and the revision, and writes the head, its history and its facet rows together.
 */
export class Deposits {
  readonly #d: RecordDeps;

  constructor(deps: RecordDeps) {
    this.#d = deps;
  }

  async create(caller: Caller, body: unknown): Promise<DepositView> {
    requireDepositUser(caller);
    const schema = await this.#schemaFor(body);
    return this.#insertDraft(caller, schema, cleanMetadata(body), null);
  }

  async get(caller: Caller, id: string): Promise<DepositView> {
    requireDepositUser(caller);
    const head = await this.#head(id);
    return this.#view(caller, head, await accessStore.grantsOf(this.#d.db, id));
  }

  async replace(caller: Caller, id: string, body: unknown, ifMatch?: number): Promise<DepositView> {
    const metadata = cleanMetadata(body);
    return this.#change(caller, id, ifMatch, () => ({ metadata }));
  }

  async patch(caller: Caller, id: string, ops: unknown, ifMatch?: number): Promise<DepositView> {
    return this.#change(caller, id, ifMatch, (head) => {
      const metadata = applyJsonPatch(head.metadata, ops);
      // Applied without error, so `ops` is a valid list of operations.
      return { metadata, changed: changedMembers(ops as Operation[]) };
    });
  }

  /** Validates fully against the record schema, mints the record id at first publish, and stores a new immutable version. */
  async publish(caller: Caller, id: string, ifMatch?: number): Promise<DepositView> {
    const schema = await this.#schemaOf(id);
    const validate = await this.#d.schemas.validator(schema, 'full');
    return this.#step(caller, id, schema, ifMatch, 'publish', async ({ trx, view, user, revision, now }) => {
      requireRight(view.rights, 'admin', 'publish');
      if (view.head.status !== 'draft') throw forbidden('This analysis is already published; edit it first to publish a new version.');
      const errors = validate(view.head.metadata);
      if (errors.length) throw new CapsuleError('invalid', VALIDATION_FAILED, errors);
      const recid = view.head.recid ?? (await this.#mintRecid(trx, schema));
      const latest = await recordStore.latestVersion(trx, recid);
      const version = (latest?.version ?? 0) + 1;
      await recordStore.insertVersion(trx, {
        recid,
        version,
        recordUuid: id,
        schemaName: schema.name,
        schemaVersion: schema.version,
        metadata: view.head.metadata,
        revision,
        publishedBy: user.id,
        published: now,
      });
      await indexRecord(trx, this.#d.dialect, id, 'published', { schema, status: 'published', metadata: view.head.metadata, updated: now });
      await draftBuckets.publish(trx, id, recid, version, now);
      return { head: { ...view.head, status: 'published', recid } };
    });
  }

  /** Puts a published analysis back into draft for editing; publishing again makes a new version. */
  async edit(caller: Caller, id: string, ifMatch?: number): Promise<DepositView> {
    return this.#step(caller, id, undefined, ifMatch, 'edit', async ({ trx, view, now }) => {
      requireRight(view.rights, 'update', 'edit');
      if (view.head.status !== 'published') throw forbidden('This analysis is already a draft.');
      await draftBuckets.edit(trx, id, now);
      return { head: { ...view.head, status: 'draft' } };
    });
  }

  /** Throws away the changes since the last publish. */
  async discard(caller: Caller, id: string, ifMatch?: number): Promise<DepositView> {
    return this.#step(caller, id, undefined, ifMatch, 'discard', async ({ trx, view, now }) => {
      requireRight(view.rights, 'update', 'discard changes of');
      if (view.head.status !== 'draft' || !view.head.recid) {
        throw new CapsuleError('bad_request', 'Only a draft of a published analysis can be discarded: there is no published state to return to.');
      }
      const latest = (await recordStore.latestVersion(trx, view.head.recid))!;
      await draftBuckets.discard(trx, id, latest.recid, latest.version, now);
      return { head: { ...view.head, status: 'published', metadata: latest.metadata } };
    });
  }

  /** Deletes a draft that was never published; its id answers 410 from then on. */
  async remove(caller: Caller, id: string, ifMatch?: number): Promise<void> {
    await this.#step(caller, id, undefined, ifMatch, 'delete', async ({ trx, view, now }) => {
      requireRight(view.rights, 'admin', 'delete');
      if (view.head.recid) throw forbidden('A published analysis cannot be deleted; it stays citable.');
      await draftBuckets.remove(trx, id, now);
      return { head: { ...view.head, deleted: now } };
    });
  }

  /** A new draft with the same schema and metadata, owned by the caller. */
  async clone(caller: Caller, id: string): Promise<DepositView> {
    const source = await this.get(caller, id);
    return this.#insertDraft(caller, source.schema, source.head.metadata, id);
  }

  /** CAP's actions/permissions: a list of grants to add or remove, all or none. */
  async changePermissions(caller: Caller, id: string, body: unknown): Promise<DepositView> {
    requireDepositUser(caller);
    const changes = parsePermissionChanges(body);
    const head = await this.#head(id);
    const schema = await this.#d.schemas.get(head.schemaName, head.schemaVersion);
    return this.#d.write(async (trx) => {
      // Locked like any other write, so two concurrent changes cannot both add the same grant.
      await recordStore.headForUpdate(trx, this.#d.dialect, id);
      const grants = await accessStore.grantsOf(trx, id);
      const view = this.#visible(caller, head, grants, schema);
      requireRight(view.rights, 'admin', 'change the permissions of');
      const current = new Set(grants.map(grantKey));
      for (const change of changes) {
        const grant = await this.#grantFor(trx, change);
        if (change.op === 'add') {
          if (current.has(grantKey(grant))) throw new CapsuleError('bad_request', 'Permission already exist.');
          await accessStore.add(trx, id, [grant]);
          current.add(grantKey(grant));
        } else {
          if (!current.has(grantKey(grant))) throw new CapsuleError('bad_request', 'Permission does not exist.');
          await accessStore.remove(trx, id, grant);
          current.delete(grantKey(grant));
        }
      }
      if (![...current].some((k) => k.startsWith('deposit-admin '))) {
        throw new CapsuleError('bad_request', 'An analysis must keep at least one admin.');
      }
      return this.#visible(caller, head, await accessStore.grantsOf(trx, id), schema);
    });
  }

  /** A page of the drafts the caller may read, with facet counts. */
  async list(caller: Caller, query: Record<string, unknown>): Promise<{ views: DepositView[]; total: number; aggregations: ListResult['aggregations']; query: ListQuery; next?: string }> {
    requireDepositUser(caller);
    const q = parseListQuery(query, await this.#d.schemas.facetsBySchema());
    const result = await listRecords(this.#d, caller, 'draft', q);
    const [heads, grants] = await Promise.all([recordStore.heads(this.#d.db, result.uuids), accessStore.grantsOfMany(this.#d.db, result.uuids)]);
    const views = await Promise.all(heads.map((h) => this.#view(caller, h, grants.get(h.uuid) ?? [])));
    return { views, total: result.total, aggregations: result.aggregations, query: q, next: result.next };
  }

  async revisions(caller: Caller, id: string): Promise<RevisionEntry[]> {
    await this.get(caller, id);
    return listRevisions(this.#d.db, id);
  }

  async revision(caller: Caller, id: string, revision: number): Promise<{ metadata: Metadata; entry: RevisionEntry }> {
    await this.get(caller, id);
    return documentAt(this.#d.db, id, revision);
  }

  /** The JSON Patch that turns revision `from` into revision `to`. */
  async diff(caller: Caller, id: string, from: number, to: number): Promise<Operation[]> {
    await this.get(caller, id);
    const [a, b] = await Promise.all([documentAt(this.#d.db, id, from), documentAt(this.#d.db, id, to)]);
    return jsonpatch.compare(a.metadata, b.metadata);
  }

  // --- internals ---

  /** The schema a new draft names with `$ana_type` (newest version) or `$schema` (a schema URL). */
  async #schemaFor(body: unknown): Promise<StoredSchema> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const unknownSchema = (field: string, what: unknown) =>
      new CapsuleError('bad_request', `Unknown schema ${JSON.stringify(what)}.`, [{ field: [field], message: 'no such schema in the registry' }]);
    let schema: StoredSchema | undefined;
    if (typeof b.$ana_type === 'string') {
      schema = await this.#d.schemas.get(b.$ana_type).catch(() => undefined);
      if (!schema) throw unknownSchema('$ana_type', b.$ana_type);
    } else if (typeof b.$schema === 'string') {
      const address = parseSchemaUrl(b.$schema);
      schema = address && address.kind === 'collection' ? await this.#d.schemas.get(address.name, address.version).catch(() => undefined) : undefined;
      if (!schema) throw unknownSchema('$schema', b.$schema);
    } else {
      throw new CapsuleError('bad_request', 'Name the schema with $ana_type (a schema name) or $schema (a schema URL).', [
        { field: ['$ana_type'], message: 'required' },
      ]);
    }
    if (schema.kind !== 'collection') throw unknownSchema('$ana_type', schema.name);
    return schema;
  }

  async #insertDraft(caller: Caller, schema: StoredSchema, metadata: Metadata, clonedFrom: string | null): Promise<DepositView> {
    const user = requireDepositUser(caller);
    if (!(await this.#d.collectionGrants.canCreate(caller, schema.name))) {
      throw forbidden(`You may not create ${schema.fullname} drafts.`);
    }
    const errors = await this.#d.schemas.validate(schema, metadata, 'draft');
    if (errors.length) throw new CapsuleError('invalid', VALIDATION_FAILED, errors);
    const now = new Date().toISOString();
    const row: NewDraft['head'] = {
      uuid: newDraftId(),
      recid: null,
      status: 'draft',
      schemaName: schema.name,
      schemaVersion: schema.version,
      revision: 0,
      createdBy: user.id,
      created: now,
      updated: now,
      clonedFrom,
      deleted: null,
    };
    const head: RecordHead = { ...row, metadata };
    const grants = creatorGrants(user.id);
    const { json, patch } = serializeNew(metadata);
    const search = searchDocumentOf(schema, head.status, metadata);
    const files = await this.#d.runWrite(insertNewDraft, { head: row, json, patch, grants, search });
    // The next change of this draft reads it back: the same object spares parsing it again.
    recordStore.remember(head.uuid, json, metadata);
    return { head, grants, schema, rights: rightsOf(caller, grants), ...(files ? { files } : {}) };
  }

  /** A metadata change of a draft: validated as a draft (types and formats, nothing required). */
  async #change(caller: Caller, id: string, ifMatch: number | undefined, change: (head: RecordHead) => MetadataChange): Promise<DepositView> {
    const schema = await this.#schemaOf(id);
    const validate = await this.#d.schemas.validator(schema, 'draft');
    return this.#step(caller, id, schema, ifMatch, 'update', async ({ view }) => {
      requireRight(view.rights, 'update', 'change');
      if (view.head.status !== 'draft') throw forbidden('This analysis is published; edit it first to change it.');
      const { metadata, changed } = change(view.head);
      const errors = validate(metadata);
      if (errors.length) throw new CapsuleError('invalid', VALIDATION_FAILED, errors);
      return { head: { ...view.head, metadata }, ...(changed ? { changed } : {}) };
    });
  }

  /**
   * One lifecycle action in one transaction: lock the head, check existence, rights and
   * If-Match, let `apply` compute the next head, then write it with its revision and facets.
   * Anything thrown rolls everything back. `known` is the analysis's schema, when the caller has
   * already looked it up.
   */
  async #step(
    caller: Caller,
    id: string,
    known: StoredSchema | undefined,
    ifMatch: number | undefined,
    action: RevisionAction,
    apply: (ctx: StepContext) => Promise<StepResult>,
  ): Promise<DepositView> {
    const user = requireDepositUser(caller);
    const schema = known ?? (await this.#schemaOf(id));
    return this.#d.write(async (trx) => {
      const head = await recordStore.headForUpdate(trx, this.#d.dialect, id);
      if (!head) throw notFound(`Analysis ${id} does not exist.`);
      const grants = await accessStore.grantsOf(trx, id);
      const view = this.#visible(caller, head, grants, schema);
      if (ifMatch !== undefined && ifMatch !== head.revision) {
        throw new CapsuleError('precondition_failed', `The analysis is at revision ${head.revision}, not ${ifMatch}: reload it and apply your change again.`);
      }
      const now = new Date().toISOString();
      const revision = head.revision + 1;
      const step = await apply({ trx, view, user, revision, now });
      const next = { ...step.head, revision, updated: now };
      const json = await recordStore.updateHead(trx, next);
      const patch = JSON.stringify(revisionPatch(head.metadata, next.metadata, step.changed));
      await appendRevisions(trx, [{ uuid: id, revision, action, patch, json, actor: user.id, at: now }]);
      if (next.deleted) await indexRecord(trx, this.#d.dialect, id, 'draft', null);
      else {
        // The draft scope was indexed from the head as it was.
        const indexed = { schema, status: head.status, metadata: head.metadata, updated: head.updated };
        await reindexRecord(trx, this.#d.dialect, id, 'draft', indexed, { ...indexed, status: next.status, metadata: next.metadata, updated: now });
      }
      return { ...view, head: next };
    });
  }

  /** The grant a permission change names: a user by email, or a group (CAP's egroup) by name. */
  async #grantFor(trx: Tx, change: PermissionChange): Promise<Grant> {
    if (change.type === 'egroup') {
      const group = await trx.selectFrom('groups').select('name').where('name', '=', change.email).executeTakeFirst();
      if (!group) throw new CapsuleError('bad_request', `Unknown group ${change.email}.`, [{ field: ['email'], message: 'no such group' }]);
      return { action: change.action, subjectType: 'group', subject: group.name };
    }
    const subject = await userStore.byEmail(trx, change.email);
    if (!subject) throw new CapsuleError('bad_request', `Unknown user ${change.email}.`, [{ field: ['email'], message: 'no such user' }]);
    return { action: change.action, subjectType: 'user', subject: String(subject.id) };
  }

  /** The schema of an analysis, without reading its metadata: 404 for an id that never existed. */
  async #schemaOf(id: string): Promise<StoredSchema> {
    const found = isDraftId(id) ? await recordStore.schemaOf(this.#d.db, id) : undefined;
    if (!found) throw notFound(`Analysis ${id} does not exist.`);
    return this.#d.schemas.get(found.schemaName, found.schemaVersion);
  }

  async #head(id: string): Promise<RecordHead> {
    const head = isDraftId(id) ? await recordStore.head(this.#d.db, id) : undefined;
    if (!head) throw notFound(`Analysis ${id} does not exist.`);
    return head;
  }

  async #view(caller: Caller, head: RecordHead, grants: Grant[]): Promise<DepositView> {
    const schema = await this.#d.schemas.get(head.schemaName, head.schemaVersion);
    return this.#visible(caller, head, grants, schema);
  }

  /** The caller's view, or the error they get: 404 without read access (nothing of it shown), 410 once deleted. */
  #visible(caller: Caller, head: RecordHead, grants: Grant[], schema: StoredSchema): DepositView {
    const rights = rightsOf(caller, grants);
    if (!rights.read) throw notFound(`Analysis ${head.uuid} does not exist.`);
    if (head.deleted) throw new CapsuleError('gone', `Analysis ${head.uuid} was deleted.`);
    return { head, rights, grants, schema };
  }

  async #mintRecid(trx: Tx, schema: StoredSchema): Promise<string> {
    for (let i = 0; i < MINT_ATTEMPTS; i++) {
      const recid = mintRecid(schema.config.pid_format, schema.experiment, schema.name);
      if (!(await recordStore.recidTaken(trx, recid))) return recid;
    }
    throw new CapsuleError('unavailable', 'Could not mint a unique record id; the id pattern may be exhausted.');
  }
}

const grantKey = (g: Grant) => `${g.action} ${g.subjectType} ${g.subject}`;
