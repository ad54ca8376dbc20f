import { CapsuleError } from '../errors/capsule-error.js';
import type { Caller, UserCaller } from './account-types.js';

/** The caller as a signed-in user; 401 for an anonymous one. */
export function signedIn(caller: Caller): UserCaller {
  if (caller.kind !== 'user') throw new CapsuleError('unauthenticated', 'Sign in or send an access token.');
  return caller;
}
