import type { Kysely } from 'kysely';
import type { Accounts } from '../accounts/accounts.js';
import type { Groups } from '../accounts/groups.js';
import type { CollectionGrants } from '../access/collection-grants.js';
import type { Caller, User } from '../accounts/account-types.js';
import { signedIn } from '../accounts/signed-in.js';
import type { Database, DialectName } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError } from '../errors/capsule-error.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';

/** What the record services need from the instance. */
export interface RecordDeps {
  db: Kysely<Tables>;
  dialect: DialectName;
  /** Every write goes through here: one durable transaction (grouped with others on SQLite). */
  write: Database['write'];
  runWrite: Database['runWrite'];
  /** Changes with every commit: read caches (search counts) are kept while it stays the same. */
  dataVersion: Database['dataVersion'];
  /** Ranked search pages on PostgreSQL run here. */
  indexFirst: Database['indexFirst'];
  schemas: SchemaRegistry;
  accounts: Accounts;
  groups: Groups;
  collectionGrants: CollectionGrants;
}

/** Deposits are read and written by signed-in users whose token carries `deposit:write`. */
export function requireDepositUser(anyCaller: Caller): User {
  const caller = signedIn(anyCaller);
  if (!caller.user.active) throw new CapsuleError('unauthenticated', 'This account is disabled.');
  if (!caller.scopes.has('deposit:write')) throw new CapsuleError('forbidden', 'The access token lacks the deposit:write scope.');
  return caller.user;
}

/** Parses an `If-Match` value (`"3"`, `W/"3"`, `*`) into a revision, or undefined for "any". */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(value);
  if (!m) throw new CapsuleError('precondition_failed', `If-Match ${JSON.stringify(value)} names no revision of this draft.`);
  return Number(m[1]);
}
