import type { FastifyPluginAsync } from 'fastify';
import { signedIn } from '../../accounts/signed-in.js';
import { CapsuleError } from '../../errors/capsule-error.js';
import { SESSION_COOKIE } from '../authenticate.js';
import { requireObject } from '../json-body.js';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.js';

interface LoginBody {
  email?: unknown;
  password?: unknown;
}

/** Sign-in with a local account, sign-out, and who the caller is. */
export const sessionRoutes: FastifyPluginAsync = async (app) => {
  const { accounts, sessions, loginLimiter, schemas, collectionGrants } = app.capsule;

  app.post<{ Body: LoginBody }>('/login', { config: { csrf: false } }, async (request, reply) => {
    const body: LoginBody = requireObject(request.body);
    if (typeof body.email !== 'string' || typeof body.password !== 'string') {
      throw new CapsuleError('bad_request', 'Send {email, password}.', [
        ...(typeof body.email !== 'string' ? [{ field: ['email'], message: 'required' }] : []),
        ...(typeof body.password !== 'string' ? [{ field: ['password'], message: 'required' }] : []),
      ]);
    }
    await loginLimiter.check(body.email, request.ip);
    const user = await accounts.checkPassword(body.email, body.password);
    if (!user) {
      await loginLimiter.failed(body.email, request.ip);
      throw new CapsuleError('unauthenticated', 'Wrong email or password.');
    }
    await loginLimiter.succeeded(body.email);
    // A fresh id at every sign-in (and the old session gone), so a planted id is worthless.
    const session = await sessions.start(user.id, request.cookies[SESSION_COOKIE]);
    setSessionCookie(request, reply, session.id);
    return { id: user.id, email: user.email, csrf_token: session.csrfToken };
  });

  app.post('/logout', async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) await sessions.end(id);
    clearSessionCookie(request, reply);
    return reply.status(204).send();
  });

  app.get('/me', async (request) => {
    const caller = signedIn(request.caller);
    const collections = (await schemas.listLatest()).filter((s) => s.kind === 'collection');
    const creatable = await collectionGrants.creatable(caller, collections.map((s) => s.name));
    const depositGroups = collections
      .filter((s) => creatable.has(s.name))
      .map((s) => ({ deposit_group: s.name, name: s.fullname, description: descriptionOf(s.deposit_schema) }));
    return {
      id: caller.user.id,
      email: caller.user.email,
      profile: caller.user.profile,
      roles: caller.groups,
      is_admin: caller.user.isAdmin,
      scopes: [...caller.scopes],
      deposit_groups: depositGroups,
      ...(request.csrfToken ? { csrf_token: request.csrfToken } : {}),
    };
  });
};

function descriptionOf(schema: unknown): string {
  const d = typeof schema === 'object' && schema !== null ? (schema as { description?: unknown }).description : undefined;
  return typeof d === 'string' ? d : '';
}
