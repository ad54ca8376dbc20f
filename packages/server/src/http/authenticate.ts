import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Caller } from '../accounts/account-types.js';
import type { Accounts } from '../accounts/accounts.js';
import { CapsuleError } from '../errors/capsule-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

/** The token a request carries: `Authorization: Bearer|OAuth2 <token>` (cap-client sends OAuth2) or `?access_token=`. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^(?:Bearer|OAuth2)\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new CapsuleError('unauthenticated', 'The Authorization header must be "Bearer <token>" or "OAuth2 <token>".');
    return m[1];
  }
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
}

/** Decides who the request is from. A token that is sent must be valid: a bad one is 401, not anonymous. */
export async function authenticate(request: FastifyRequest, accounts: Accounts): Promise<Caller> {
  const token = tokenOf(request);
  return token === undefined ? ANONYMOUS : accounts.authenticateToken(token);
}
