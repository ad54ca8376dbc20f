import type { Caller } from '../accounts/account-types.js';
import { ALL_RIGHTS, NO_RIGHTS, type Grant, type Rights } from './access-types.js';

/** Whether a grant names this caller (directly; group membership comes with groups). */
function names(grant: Grant, caller: Caller): boolean {
  return caller.kind === 'user' && grant.subjectType === 'user' && grant.subject === String(caller.user.id);
}

/** The caller's rights on one analysis, from its grants. Superusers may do everything. */
export function rightsOf(caller: Caller, grants: readonly Grant[]): Rights {
  if (caller.kind !== 'user' || !caller.user.active) return NO_RIGHTS;
  if (caller.user.isAdmin) return ALL_RIGHTS;
  const mine = new Set(grants.filter((g) => names(g, caller)).map((g) => g.action));
  const admin = mine.has('deposit-admin');
  const update = admin || mine.has('deposit-update');
  return { admin, update, read: update || mine.has('deposit-read') };
}

/** The grants an analysis's creator receives. */
export function creatorGrants(userId: number): Grant[] {
  return (['deposit-read', 'deposit-update', 'deposit-admin'] as const).map((action) => ({ action, subjectType: 'user', subject: String(userId) }));
}
