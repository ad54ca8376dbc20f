import type { Grant } from '../access/access-types.js';
import { accessStore } from '../access/access-store.js';
import { writeProcedure } from '../db/write-procedure.js';
import { draftBuckets } from '../files/draft-buckets.js';
import type { BucketContents } from '../files/file-types.js';
import { insertSearchDocuments, type IndexedRecord } from '../search/search-index.js';
import { appendRevisions } from './history.js';
import { recordStore } from './record-store.js';
import type { Metadata, RecordHead } from './record-types.js';

/** A new draft as its write takes it: plain data, which another thread can be given. */
export interface NewDraft {
  /** The head without its metadata, which `json` carries. */
  head: Omit<RecordHead, 'metadata'>;
  /** The metadata serialized, and as the first revision's patch (serializeNew). */
  json: string;
  patch: string;
  grants: Grant[];
  /** What the search rows are computed with: the schema without its JSON Schemas. */
  schema: IndexedRecord['schema'];
}

/**
 * Writes a new draft: its head, first revision, grants, search rows and bucket. A clone's bucket
 * refers to the source's files; a new one is empty, and its contents are the answer.
 */
export const insertNewDraft = writeProcedure(import.meta.url, 'insertNewDraft', async (trx, dialect, draft: NewDraft): Promise<BucketContents | undefined> => {
  const { head: row, json, patch, grants, schema } = draft;
  const head: RecordHead = { ...row, metadata: JSON.parse(json) as Metadata };
  await recordStore.insertHeads(trx, [{ head, json }]);
  await appendRevisions(trx, [{ uuid: head.uuid, revision: 0, action: 'create', patch, json, actor: head.createdBy, at: head.created }]);
  await accessStore.add(trx, head.uuid, grants);
  await insertSearchDocuments(trx, dialect, [{ uuid: head.uuid, scope: 'draft', schema, status: head.status, metadata: head.metadata, updated: head.updated }]);
  if (head.clonedFrom) await draftBuckets.clone(trx, head.clonedFrom, head.uuid, head.created);
  else return draftBuckets.create(trx, head.uuid, head.created);
});
