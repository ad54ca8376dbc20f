import type { Kysely } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import type { DialectName } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError, notFound } from '../errors/capsule-error.js';
import { openDataInputDataset, type InputDataset } from '../formats/opendata/input-dataset.js';
import type { PublishedRecords, RecordView } from './published-records.js';
import { publishedRecidsWhere } from './metadata-lookup.js';

/** The collection schema of records imported from the CERN Open Data portal. */
export const OPEN_DATA_SCHEMA = 'opendata-record';

/** How an open data record is named: by its DOI, or by its record number on the portal. */
export type OpenDataReference = { doi: string } | { recid: string };

const DOI = /^10\.\d{4,9}\/\S+$/;
const PORTAL_RECID = /^[1-9]\d{0,9}$/;

/** Reads `doi` or `recid` (exactly one) from query parameters. */
export function parseOpenDataReference(query: Record<string, unknown>): OpenDataReference {
  const { doi, recid } = query;
  if ((doi === undefined) === (recid === undefined)) {
    throw new CapsuleError('bad_request', 'Name the open data record by doi or by recid, one of them.', [{ field: ['doi'], message: 'give doi or recid' }]);
  }
  if (doi !== undefined) {
    if (typeof doi !== 'string' || !DOI.test(doi)) throw new CapsuleError('bad_request', 'doi must be a DOI such as 10.7483/OPENDATA.CMS.B8MR.C4A2.', [{ field: ['doi'], message: 'not a DOI' }]);
    return { doi };
  }
  if (typeof recid !== 'string' || !PORTAL_RECID.test(recid)) throw new CapsuleError('bad_request', 'recid must be the record number on the open data portal.', [{ field: ['recid'], message: 'not a record number' }]);
  return { recid };
}

/** What the bridge reads: published records as a caller sees them, and the database to look record numbers up in. */
export interface OpenDataBridgeDeps {
  records: PublishedRecords;
  db: Kysely<Tables>;
  dialect: DialectName;
}

/** Fills an analysis's input datasets from the open data records imported into this instance. */
export class OpenDataBridge {
  readonly #d: OpenDataBridgeDeps;

  constructor(deps: OpenDataBridgeDeps) {
    this.#d = deps;
  }

  /**
   * The `input_datasets` entry made from the open data dataset the reference names, if the
   * caller may read it. Only datasets qualify: software or documentation records are refused (422).
   */
  async inputDataset(caller: Caller, reference: OpenDataReference): Promise<InputDataset> {
    const view = await this.#find(caller, reference);
    const primary = (view.version.metadata.type as { primary?: unknown } | undefined)?.primary;
    if (primary !== 'Dataset') {
      throw new CapsuleError('invalid', `Open data record ${String(view.version.metadata.recid)} is ${String(primary)}, not a dataset.`, [
        { field: ['type', 'primary'], message: 'must be Dataset to be an input dataset' },
      ]);
    }
    return openDataInputDataset(view.version.metadata);
  }

  /**
   * The published open data record the reference names, among those the caller may read: a DOI
   * through its search field, a portal record number by the records holding it; either way, only
   * a record whose latest version has exactly that doi or recid counts.
   */
  async #find(caller: Caller, reference: OpenDataReference): Promise<RecordView> {
    const candidates =
      'doi' in reference
        ? (await this.#d.records.list(caller, { q: `doi:"${reference.doi}"`, collection: OPEN_DATA_SCHEMA })).views
        : await this.#readable(caller, await publishedRecidsWhere(this.#d.db, this.#d.dialect, OPEN_DATA_SCHEMA, 'recid', reference.recid));
    const found = candidates.find((v) => matches(reference, v.version.metadata));
    if (found) return found;
    const named = 'doi' in reference ? `DOI ${reference.doi}` : `recid ${reference.recid}`;
    throw notFound(`No open data record with ${named} has been imported here, or you may not read it.`);
  }

  /** The latest versions of these records that the caller may read. */
  async #readable(caller: Caller, recids: readonly string[]): Promise<RecordView[]> {
    const views = await Promise.all(recids.map((recid) => this.#d.records.get(caller, recid).catch((e: unknown) => (e instanceof CapsuleError && e.code === 'not_found' ? undefined : Promise.reject(e)))));
    return views.filter((v): v is RecordView => v !== undefined);
  }
}

const matches = (reference: OpenDataReference, metadata: Record<string, unknown>) =>
  'doi' in reference ? typeof metadata.doi === 'string' && metadata.doi.toLowerCase() === reference.doi.toLowerCase() : metadata.recid === reference.recid;
