/**
 * The database tables as Kysely sees them. JSON documents are stored as text on both
 * dialects: PostgreSQL's jsonb would reorder keys, and a preserved record must come back
 * exactly as it was written. Times are ISO-8601 UTC strings, which sort as text.
 */
import type { Generated } from 'kysely';

export interface SchemasTable {
  name: string;
  version: string;
  /** 'collection': records are made with it; 'shared': a sub-schema other schemas `$ref`. */
  kind: 'collection' | 'shared';
  fullname: string;
  experiment: string | null;
  deposit_schema: string;
  record_schema: string;
  deposit_options: string;
  config: string;
  created: string;
}

export interface SchemaGenerationTable {
  id: number;
  generation: number;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  profile: string;
  is_admin: number;
  active: number;
  created: string;
}

export interface TokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** sha256 of the token; the token itself is shown once and never stored. */
  hash: string;
  /** Space-separated scopes. */
  scopes: string;
  created: string;
  expires: string | null;
  revoked: string | null;
  last_used: string | null;
}

export interface RecordsTable {
  uuid: string;
  recid: string | null;
  status: 'draft' | 'published';
  schema_name: string;
  schema_version: string;
  json: string;
  revision: number;
  created_by: number;
  created: string;
  updated: string;
  cloned_from: string | null;
  deleted: string | null;
}

export interface RecordVersionsTable {
  recid: string;
  version: number;
  record_uuid: string;
  schema_name: string;
  schema_version: string;
  json: string;
  /** The draft revision that was published. */
  revision: number;
  published_by: number;
  published: string;
}

export interface RevisionsTable {
  record_uuid: string;
  revision: number;
  action: string;
  /** RFC 6902 operations from the previous revision to this one. */
  json_patch: string;
  /** The whole document at this revision, kept every so often so no rebuild replays many patches. */
  snapshot: string | null;
  actor: number;
  at: string;
}

export interface AccessTable {
  record_uuid: string;
  action: 'deposit-read' | 'deposit-update' | 'deposit-admin' | 'record-read';
  subject_type: 'user' | 'group' | 'everyone';
  /** A user id (as text), a group name, or '*' for everyone. */
  subject: string;
}

export interface FacetsTable {
  record_uuid: string;
  scope: 'draft' | 'published';
  facet: string;
  value: string;
}

export interface Tables {
  schemas: SchemasTable;
  schema_generation: SchemaGenerationTable;
  users: UsersTable;
  tokens: TokensTable;
  records: RecordsTable;
  record_versions: RecordVersionsTable;
  revisions: RevisionsTable;
  access: AccessTable;
  facets: FacetsTable;
}
