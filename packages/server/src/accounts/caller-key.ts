import type { Caller } from './account-types.js';

/** Callers are never changed once made, and a cached one serves many requests. */
const keys = new WeakMap<Caller, string>();

/**
 * Everything about a caller that a service's answer may depend on, as one string: two callers
 * with the same key get the same answer from the same data. The user's flags and groups are in
 * it although they come from the data: a caller authenticated just before a change still
 * carries the old ones, and must not share answers with one authenticated after it.
 */
export function callerKey(caller: Caller): string {
  if (caller.kind === 'anonymous') return 'anonymous';
  let key = keys.get(caller);
  if (key === undefined) {
    const { user, scopes, groups, via } = caller;
    key = JSON.stringify([user.id, user.isAdmin, user.active, via, [...scopes].sort(), [...groups].sort()]);
    keys.set(caller, key);
  }
  return key;
}
