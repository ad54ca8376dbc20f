import { DEPOSIT_ACTIONS, type DepositAction } from '../access/access-types.js';
import { CapsuleError } from '../errors/capsule-error.js';

/** One entry of CAP's `actions/permissions` body. */
export interface PermissionChange {
  email: string;
  type: 'user' | 'egroup';
  op: 'add' | 'remove';
  action: DepositAction;
}

/** Checks the whole body before anything is changed: a list of `{email, type, op, action}`. */
export function parsePermissionChanges(body: unknown): PermissionChange[] {
  if (!Array.isArray(body)) {
    throw new CapsuleError('bad_request', 'The body must be a list of {email, type, op, action}.', [{ field: [], message: 'must be an array' }]);
  }
  return body.map((entry, i): PermissionChange => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const bad = (field: string, message: string) => new CapsuleError('bad_request', `Permission ${i}: ${field} ${message}.`, [{ field: [i, field], message }]);
    if (typeof e.email !== 'string' || e.email.trim() === '') throw bad('email', 'must be a user email or a group name');
    if (e.type !== 'user' && e.type !== 'egroup') throw bad('type', 'must be "user" or "egroup"');
    if (e.op !== 'add' && e.op !== 'remove') throw bad('op', 'must be "add" or "remove"');
    if (!(DEPOSIT_ACTIONS as readonly unknown[]).includes(e.action)) throw bad('action', `must be one of ${DEPOSIT_ACTIONS.join(', ')}`);
    return { email: e.email.trim(), type: e.type, op: e.op, action: e.action as DepositAction };
  });
}
