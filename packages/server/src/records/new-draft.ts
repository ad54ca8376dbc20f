import type { Grant } from '../access/access-types.js';
import { accessStore } from '../access/access-store.js';
import { writeProcedure } from '../db/write-procedure.js';
import { draftBuckets } from '../files/draft-buckets.js';
import type { BucketContents } from '../files/file-types.js';
import type { SearchDocument } from '../search/search-document.js';
import { insertComputedDocuments } from '../search/search-index.js';
import { appendRevisions } from './history.js';
import { recordStore } from './record-store.js';
import type { RecordHead } from './record-types.js';

/**
 * A new draft as its write takes it: plain data, which another thread can be given. What is
 * computed from the metadata (its JSON, its first revision's patch, its search document) is
 * computed by the caller, which has the metadata parsed.
 */
export interface NewDraft {
  /** The head without its metadata, which `json` carries. */
  head: Omit<RecordHead, 'metadata'>;
  /** The metadata serialized, and as the first revision's patch (serializeNew). */
  json: string;
  patch: string;
  grants: Grant[];
  /** Its search document in the draft scope (searchDocumentOf). */
  search: SearchDocument;
}

/**
 * Writes a new draft: its head, first revision, grants, search rows and bucket. A clone's bucket
 * refers to the source's files; a new one is empty, and its contents are the answer.
 */
export const insertNewDraft = writeProcedure(import.meta.url, 'insertNewDraft', async (trx, dialect, draft: NewDraft): Promise<BucketContents | undefined> => {
  const { head, json, patch, grants, search } = draft;
  await recordStore.insertHeadRows(trx, [{ head, json }]);
  await appendRevisions(trx, [{ uuid: head.uuid, revision: 0, action: 'create', patch, json, actor: head.createdBy, at: head.created }]);
  await accessStore.add(trx, head.uuid, grants);
  await insertComputedDocuments(trx, dialect, [{ uuid: head.uuid, scope: 'draft', updated: head.updated, doc: search }]);
  if (head.clonedFrom) await draftBuckets.clone(trx, head.clonedFrom, head.uuid, head.created);
  else return draftBuckets.create(trx, head.uuid, head.created);
});
