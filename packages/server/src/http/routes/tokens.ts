import type { FastifyPluginAsync } from 'fastify';
import { signedIn } from '../../accounts/signed-in.js';
import { CapsuleError } from '../../errors/capsule-error.js';
import { requireObject } from '../json-body.js';

interface TokenBody {
  name?: unknown;
  scopes?: unknown;
  expires_in_days?: unknown;
}

/** Personal access tokens: created from a signed-in session (shown once), listed, revoked. */
export const tokenRoutes: FastifyPluginAsync = async (app) => {
  const { accounts } = app.capsule;

  app.post<{ Body: TokenBody }>('/', async (request, reply) => {
    const caller = signedIn(request.caller);
    // A token minting tokens would let a leaked token outlive its own revocation.
    if (caller.via === 'token') throw new CapsuleError('forbidden', 'Create tokens from a signed-in session or the command line.');
    const body: TokenBody = requireObject(request.body);
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) {
      throw new CapsuleError('bad_request', 'name must be a non-empty string.', [{ field: ['name'], message: 'must be a string' }]);
    }
    if (body.scopes !== undefined && !(Array.isArray(body.scopes) && body.scopes.every((s) => typeof s === 'string'))) {
      throw new CapsuleError('bad_request', 'scopes must be a list of scope names.', [{ field: ['scopes'], message: 'must be a list of strings' }]);
    }
    if (body.expires_in_days !== undefined && typeof body.expires_in_days !== 'number') {
      throw new CapsuleError('bad_request', 'expires_in_days must be a number.', [{ field: ['expires_in_days'], message: 'must be a number' }]);
    }
    const created = await accounts.createPersonalToken(caller.user, {
      name: (body.name as string | undefined) ?? 'personal',
      ...(body.scopes ? { scopes: body.scopes as string[] } : {}),
      ...(body.expires_in_days !== undefined ? { expiresInDays: body.expires_in_days as number } : {}),
    });
    return reply.status(201).send({ id: created.id, name: created.name, scopes: created.scopes, expires: created.expires, token: created.token });
  });

  app.get('/', async (request) => ({ tokens: await accounts.tokensOf(signedIn(request.caller).user.id) }));

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const { user } = signedIn(request.caller);
    if (!/^\d{1,12}$/.test(request.params.id)) throw new CapsuleError('not_found', `No active token ${request.params.id}.`);
    await accounts.revokeToken(user.id, Number(request.params.id));
    return reply.status(204).send();
  });
};
