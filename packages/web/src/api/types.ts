/** The shapes the server answers with (see the CAP REST surface), as the app uses them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Metadata = { [key: string]: Json };
export type JsonSchema = { [key: string]: unknown };

export interface Person {
  email: string | null;
  profile?: unknown;
}

export interface SchemaRef {
  name: string;
  version: string;
  fullname: string;
}

export interface StoredFile {
  key: string;
  size: number;
  checksum: string;
  version_id?: string;
  links: { self: string };
}

export type AccessAction = 'deposit-read' | 'deposit-update' | 'deposit-admin';

export interface Deposit {
  id: string;
  recid?: string;
  type: 'deposit';
  revision: number;
  schema: SchemaRef;
  experiment: string | null;
  status: 'draft' | 'published';
  created_by: Person;
  created: string;
  updated: string;
  metadata: Metadata;
  files: StoredFile[];
  access: Record<AccessAction, { users: Person[]; roles: string[] }>;
  is_owner: boolean;
  links: { self: string; bucket?: string; record?: string; [name: string]: string | undefined };
}

export interface FormDeposit extends Deposit {
  schemas: { schema: JsonSchema; uiSchema: Record<string, unknown>; config: { title?: string; [key: string]: unknown } };
  can_update: boolean;
  can_admin: boolean;
}

export interface PublishedRecord {
  id: string;
  recid: string;
  type: 'record';
  draft_id: string;
  version: number;
  versions: number;
  schema: SchemaRef;
  experiment: string | null;
  status: 'published';
  created_by: Person;
  published_by: Person;
  created: string;
  updated: string;
  metadata: Metadata;
  files: StoredFile[];
  links: { self: string; versions: string; draft: string; [name: string]: string };
}

export interface SearchResult<T> {
  hits: { hits: T[]; total: number };
  aggregations: Record<string, { buckets: { key: string; doc_count: number }[] }>;
  links: { self: string; next?: string; prev?: string };
}

export interface DepositGroup {
  deposit_group: string;
  name: string;
  description: string;
}

export interface Me {
  id: number;
  email: string;
  roles: string[];
  is_admin: boolean;
  deposit_groups: DepositGroup[];
  csrf_token?: string;
}

export interface Revision {
  revision: number;
  action: string;
  actor: Person;
  at: string;
}

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: Json;
  from?: string;
}

export interface SchemaSummary {
  name: string;
  version: string;
  fullname: string;
  experiment: string | null;
  kind?: string;
  deposit_schema?: JsonSchema;
}
