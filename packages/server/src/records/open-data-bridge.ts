import type { Caller } from '../accounts/account-types.js';
import { CapsuleError, notFound } from '../errors/capsule-error.js';
import { openDataInputDataset, type InputDataset } from '../formats/opendata/input-dataset.js';
import type { PublishedRecords, RecordView } from './published-records.js';
import { MAX_PAGE_SIZE } from './list-query.js';

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

const matches = (reference: OpenDataReference, metadata: Record<string, unknown>) =>
  'doi' in reference ? typeof metadata.doi === 'string' && metadata.doi.toLowerCase() === reference.doi.toLowerCase() : metadata.recid === reference.recid;

/**
 * The published open data record the reference names, among those the caller may read. The
 * search narrows it down (a DOI is a keyword field; a record number is one of the record's ids,
 * weighted above the body), and only a record whose own doi or recid is exactly the reference counts.
 */
async function findOpenDataRecord(records: PublishedRecords, caller: Caller, reference: OpenDataReference): Promise<RecordView> {
  const q = 'doi' in reference ? `doi:"${reference.doi}"` : `"${reference.recid}"`;
  for (let page = 1; ; page++) {
    const found = await records.list(caller, { q, collection: OPEN_DATA_SCHEMA, sort: 'bestmatch', size: String(MAX_PAGE_SIZE), page: String(page) });
    const view = found.views.find((v) => matches(reference, v.version.metadata));
    if (view) return view;
    if (page * MAX_PAGE_SIZE >= found.total) break;
  }
  const named = 'doi' in reference ? `DOI ${reference.doi}` : `recid ${reference.recid}`;
  throw notFound(`No open data record with ${named} has been imported here, or you may not read it.`);
}

/**
 * An analysis's input dataset filled from an open data record imported into this instance.
 * Only datasets qualify: software or documentation records are refused (422).
 */
export async function openDataInput(records: PublishedRecords, caller: Caller, reference: OpenDataReference): Promise<InputDataset> {
  const view = await findOpenDataRecord(records, caller, reference);
  const primary = (view.version.metadata.type as { primary?: unknown } | undefined)?.primary;
  if (primary !== 'Dataset') {
    throw new CapsuleError('invalid', `Open data record ${String(view.version.metadata.recid)} is ${String(primary)}, not a dataset.`, [
      { field: ['type', 'primary'], message: 'must be Dataset to be an input dataset' },
    ]);
  }
  return openDataInputDataset(view.version.metadata);
}
