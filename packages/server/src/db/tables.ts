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
  password_hash: string | null;
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

export interface FilesTable {
  id: string;
  sha256: string;
  md5: string;
  /** A bigint on PostgreSQL, which pg returns as text. */
  size: number | string;
  location: string;
  created: string;
}

export interface BucketsTable {
  id: string;
  record_uuid: string;
  kind: 'draft' | 'version';
  recid: string | null;
  version: number | null;
  locked: number;
  created: string;
}

export interface ObjectsTable {
  bucket_id: string;
  key: string;
  version_id: string;
  file_id: string;
  tags: string;
  created: string;
}

export interface RepositoriesTable {
  id: string;
  record_uuid: string;
  url: string;
  host: string;
  owner: string;
  name: string;
  ref: string;
  event_type: 'push' | 'release' | null;
  webhook: number;
  created: string;
}

export interface RepositorySnapshotsTable {
  repository_id: string;
  commit_id: string;
  key: string;
  payload: string;
  created: string;
}

/** One searchable document: a record's draft or its latest published version (search/search-index.ts). */
export interface SearchDocsTable {
  id: Generated<number>;
  record_uuid: string;
  scope: 'draft' | 'published';
  /** When this scope of the record last changed: the sort key of `mostrecent`. */
  updated: string;
  /** Lowercased title, the sort key of `title`. */
  title: string;
  /** PostgreSQL only: the weighted words (SQLite keeps them in an FTS5 table per scope, search/fts-tables.ts). */
  tsv?: string;
}

/** A typed value of a field a query may name; `value` is lowercased, `number` set for numbers. */
export interface SearchValuesTable {
  doc_id: number;
  field: string;
  value: string;
  number: number | null;
}

export interface GroupsTable {
  name: string;
  description: string;
  created: string;
}

export interface MembershipsTable {
  group_name: string;
  user_id: number;
  source: string;
}

export interface SessionsTable {
  /** sha256 of the session id; the id itself lives only in the browser's cookie. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created: string;
  last_seen: string;
  /** Absolute expiry: the session ends then however active it is. */
  expires: string;
}

export interface CollectionGrantsTable {
  schema_name: string;
  action: 'deposit-create' | 'record-read';
  subject_type: 'user' | 'group' | 'everyone';
  subject: string;
}

export interface LoginFailuresTable {
  key: string;
  at: string;
}

export interface OidcPendingLoginsTable {
  /** sha256 of the state parameter. */
  state_hash: string;
  provider: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  expires: string;
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
  groups: GroupsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  collection_grants: CollectionGrantsTable;
  login_failures: LoginFailuresTable;
  oidc_pending_logins: OidcPendingLoginsTable;
  search_docs: SearchDocsTable;
  search_values: SearchValuesTable;
  files: FilesTable;
  buckets: BucketsTable;
  objects: ObjectsTable;
  repositories: RepositoriesTable;
  repository_snapshots: RepositorySnapshotsTable;
}
