import type { Caller } from '../accounts/account-types.js';
import { ALL_RIGHTS, NO_RIGHTS, type Grant, type Rights } from './access-types.js';

/** Whether a grant names this caller (directly, or as everyone; group membership comes with groups). */
function names(grant: Grant, caller: Caller): boolean {
  if (grant.subjectType === 'everyone') return true;
  return caller.kind === 'user' && grant.subjectType === 'user' && grant.subject === String(caller.user.id);
}

/** The caller's rights on one analysis, from its grants. Superusers may do everything; disabled accounts nothing. */
export function rightsOf(caller: Caller, grants: readonly Grant[]): Rights {
  if (caller.kind === 'user' && !caller.user.active) return NO_RIGHTS;
  if (caller.kind === 'user' && caller.user.isAdmin) return ALL_RIGHTS;
  const mine = new Set(grants.filter((g) => names(g, caller)).map((g) => g.action));
  // Drafts are never anyone's but signed-in collaborators'.
  const admin = caller.kind === 'user' && mine.has('deposit-admin');
  const update = admin || (caller.kind === 'user' && mine.has('deposit-update'));
  const read = update || (caller.kind === 'user' && mine.has('deposit-read'));
  return { admin, update, read, readRecord: read || mine.has('record-read') };
}

/** The grants an analysis's creator receives. */
export function creatorGrants(userId: number): Grant[] {
  return (['deposit-read', 'deposit-update', 'deposit-admin'] as const).map((action) => ({ action, subjectType: 'user', subject: String(userId) }));
}
