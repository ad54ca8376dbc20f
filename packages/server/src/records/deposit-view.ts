import type { Grant, Rights } from '../access/access-types.js';
import type { StoredSchema } from '../schemas/schema-types.js';
import type { RecordHead } from './record-types.js';

/** A draft as one caller sees it: the head, the caller's rights, its grants and its schema. */
export interface DepositView {
  head: RecordHead;
  rights: Rights;
  grants: Grant[];
  schema: StoredSchema;
}
