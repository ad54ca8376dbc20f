import type { FastifyPluginAsync } from 'fastify';
import { SingleSignOn } from '../../accounts/oidc/single-sign-on.js';
import { SESSION_COOKIE } from '../authenticate.js';
import { setSessionCookie } from '../session-cookie.js';

interface ProviderParams {
  provider: string;
}

/**
 * Sign-in through OpenID Connect providers. A browser reaches these without a session, so no
 * CSRF token is involved: the flow's state parameter protects it. The callback's URL carries
 * the authorization code and the state, which the request log redacts (request-log.ts).
 */
export const oidcRoutes: FastifyPluginAsync = async (app) => {
  const { config, database, accounts, groups, sessions } = app.capsule;
  const signOn = new SingleSignOn({ providers: config.oidcProviders, baseUrl: config.baseUrl, database, accounts, groups });

  /** The providers to show sign-in buttons for. */
  app.get('/oauth/providers', async () =>
    signOn.providers().map((p) => ({ name: p.name, title: p.title, login_url: `${config.baseUrl}/api/oauth/login/${p.name}` })),
  );

  /** `?next=/path`: where to come back to once signed in (a path on this site; anything else means `/`). */
  app.get<{ Params: ProviderParams; Querystring: { next?: unknown } }>('/oauth/login/:provider', async (request, reply) => {
    const authorizationUrl = await signOn.begin(request.params.provider, request.query.next);
    return reply.header('cache-control', 'no-store').redirect(authorizationUrl.href, 302);
  });

  app.get<{ Params: ProviderParams }>('/oauth/authorized/:provider', async (request, reply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const { user, returnTo } = await signOn.complete(request.params.provider, query);
    // A fresh session id, replacing any the browser had.
    const session = await sessions.start(user.id, request.cookies[SESSION_COOKIE]);
    setSessionCookie(request, reply, session.id);
    return reply.header('cache-control', 'no-store').redirect(returnTo, 302);
  });
};
