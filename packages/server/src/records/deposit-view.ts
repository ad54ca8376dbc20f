import type { Grant, Rights } from '../access/access-types.js';
import type { BucketContents } from '../files/file-types.js';
import type { StoredSchema } from '../schemas/schema-types.js';
import type { RecordHead } from './record-types.js';

/** A draft as one caller sees it: the head, the caller's rights, its grants and its schema. */
export interface DepositView {
  head: RecordHead;
  rights: Rights;
  grants: Grant[];
  schema: StoredSchema;
  /** The draft's bucket and files, when the action that gave this view knows them (a new draft's are empty): no need to read them. */
  files?: BucketContents;
}
