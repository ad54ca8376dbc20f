import type { Caller } from '../accounts/account-types.js';
import { accessStore } from '../access/access-store.js';
import { rightsOf } from '../access/rights.js';
import { notFound } from '../errors/capsule-error.js';
import type { StoredSchema } from '../schemas/schema-types.js';
import type { RecordDeps } from './deposit-context.js';
import { parseListQuery, type ListQuery } from './list-query.js';
import { listRecords, type ListResult } from './listing.js';
import { recordStore } from './record-store.js';
import type { PublishedVersion, RecordHead } from './record-types.js';

/** A published version as one caller sees it. */
export interface RecordView {
  version: PublishedVersion;
  /** The analysis it belongs to (draft id, creator). */
  head: RecordHead;
  schema: StoredSchema;
  /** How many versions the record has. */
  versionCount: number;
}

/** Published, immutable versions of analyses, by record id. */
export class PublishedRecords {
  readonly #d: RecordDeps;

  constructor(deps: RecordDeps) {
    this.#d = deps;
  }

  /** The latest version, or the one asked for; 404 when it does not exist or the caller may not read it. */
  async get(caller: Caller, recid: string, version?: number): Promise<RecordView> {
    const head = await this.#readableHead(caller, recid);
    const found = version === undefined ? await recordStore.latestVersion(this.#d.db, recid) : await recordStore.version(this.#d.db, recid, version);
    if (!found) throw notFound(version === undefined ? `Record ${recid} does not exist.` : `Record ${recid} has no version ${version}.`);
    const latest = version === undefined ? found : await recordStore.latestVersion(this.#d.db, recid);
    return { version: found, head, schema: await this.#d.schemas.get(found.schemaName, found.schemaVersion), versionCount: latest!.version };
  }

  async versions(caller: Caller, recid: string): Promise<PublishedVersion[]> {
    await this.#readableHead(caller, recid);
    return recordStore.versions(this.#d.db, recid);
  }

  /** A page of the latest versions of the records the caller may read. */
  async list(caller: Caller, query: Record<string, unknown>): Promise<{ views: RecordView[]; total: number; aggregations: ListResult['aggregations']; query: ListQuery; next?: string }> {
    const q = parseListQuery(query, await this.#d.schemas.facetsBySchema());
    const result = await listRecords(this.#d, caller, 'published', q);
    const heads = await recordStore.heads(this.#d.db, result.uuids);
    const views = await Promise.all(heads.map((h) => this.get(caller, h.recid!)));
    return { views, total: result.total, aggregations: result.aggregations, query: q, next: result.next };
  }

  async #readableHead(caller: Caller, recid: string): Promise<RecordHead> {
    const head = await recordStore.headByRecid(this.#d.db, recid);
    const visible =
      head !== undefined &&
      rightsOf(
        caller,
        await accessStore.grantsOf(this.#d.db, head.uuid),
        this.#d.collectionGrants.readsRecords(caller, await this.#d.collectionGrants.forSchema(head.schemaName)),
      ).readRecord;
    if (!visible) throw notFound(`Record ${recid} does not exist.`);
    return head;
  }
}
