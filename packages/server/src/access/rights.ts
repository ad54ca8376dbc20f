import type { Caller } from '../accounts/account-types.js';
import { ALL_RIGHTS, NO_RIGHTS, type Grant, type Rights } from './access-types.js';
import { grantNames } from './collection-grants.js';

/**
 * The caller's rights on one analysis, from its grants, plus whether a collection-wide grant
 * lets them read its published records. Superusers may do everything; disabled accounts nothing.
 * Mirrored in SQL by readableBy() (access-filter.ts).
 */
export function rightsOf(caller: Caller, grants: readonly Grant[], collectionReadsRecords = false): Rights {
  if (caller.kind === 'user' && !caller.user.active) return NO_RIGHTS;
  if (caller.kind === 'user' && caller.user.isAdmin) return ALL_RIGHTS;
  const mine = new Set(grants.filter((g) => grantNames(g, caller)).map((g) => g.action));
  // Drafts are never anyone's but signed-in collaborators'.
  const signedIn = caller.kind === 'user';
  const admin = signedIn && mine.has('deposit-admin');
  const update = admin || (signedIn && mine.has('deposit-update'));
  const read = update || (signedIn && mine.has('deposit-read'));
  return { admin, update, read, readRecord: read || mine.has('record-read') || collectionReadsRecords };
}

/** The grants an analysis's creator receives. */
export function creatorGrants(userId: number): Grant[] {
  return (['deposit-read', 'deposit-update', 'deposit-admin'] as const).map((action) => ({ action, subjectType: 'user', subject: String(userId) }));
}
