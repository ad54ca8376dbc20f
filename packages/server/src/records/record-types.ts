import type { Operation } from 'fast-json-patch';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Metadata = { [key: string]: Json };

export type RecordStatus = 'draft' | 'published';

/** The head of an analysis: its current draft state. */
export interface RecordHead {
  uuid: string;
  recid: string | null;
  status: RecordStatus;
  schemaName: string;
  schemaVersion: string;
  metadata: Metadata;
  /** Optimistic-lock counter and ETag; every write increments it. */
  revision: number;
  createdBy: number;
  created: string;
  updated: string;
  clonedFrom: string | null;
  deleted: string | null;
}

/** One published version; never changes once written. */
export interface PublishedVersion {
  recid: string;
  version: number;
  recordUuid: string;
  schemaName: string;
  schemaVersion: string;
  metadata: Metadata;
  revision: number;
  publishedBy: number;
  published: string;
}

export type RevisionAction = 'create' | 'update' | 'publish' | 'edit' | 'discard' | 'delete';

export interface RevisionEntry {
  revision: number;
  action: RevisionAction;
  patch: Operation[];
  actor: number;
  at: string;
}

export type { Operation };
