import type { Deposit, PublishedRecord } from '../api/types.js';

/** The app's page of a search hit: a published record by its recid, a draft by its id. */
export function itemPath(item: Deposit | PublishedRecord): string {
  return item.type === 'record' ? `/records/${item.recid}` : `/drafts/${item.id}`;
}
