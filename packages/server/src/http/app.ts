import { randomUUID } from 'node:crypto';
import type { ServerOptions as HttpsOptions } from 'node:https';
import Fastify, { type FastifyBaseLogger, type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import type { Capsule } from '../capsule.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import fastifyCookie from '@fastify/cookie';
import { registerApiCaching } from './api-caching.js';
import { Authenticator } from './authenticate.js';
import { sessionRoutes } from './routes/session.js';
import { tokenRoutes } from './routes/tokens.js';
import { registerJsonBodies } from './json-body.js';
import { OneLineRequestLog, serializeRequest } from './request-log.js';
import { registerSecurityHeaders } from './security-headers.js';
import { frameworkErrorHandler } from './framework-errors.js';
import { fastifyTrustProxy } from './fastify-trust-proxy.js';
import { depositRoutes } from './routes/deposits.js';
import { fileRoutes } from './routes/files.js';
import { recordRoutes } from './routes/records.js';
import { healthRoutes } from './routes/health.js';
import { jsonSchemaRoutes } from './routes/jsonschemas.js';
import { rawSchemaRoutes } from './routes/raw-schemas.js';
import { oidcRoutes } from './routes/oidc.js';
import { openDataRoutes } from './routes/opendata.js';
import { webAppRoutes } from './web-app.js';

declare module 'fastify' {
  interface FastifyInstance {
    capsule: Capsule;
  }
}

/**
 * The HTTP face of a Capsule instance: routing, parsing, negotiation and error mapping; no rules.
 * Served over HTTPS when given `https` (see tls-server-options.ts), plain HTTP otherwise.
 */
export async function buildHttpApp(capsule: Capsule, https?: HttpsOptions): Promise<FastifyInstance> {
  // Typed as an HTTP server's options with `https` beside them: the app is the same either way
  // (node's https.Server is an http.Server), and fastify listens over TLS when `https` is set.
  const options: FastifyHttpOptions<Server> & { https?: HttpsOptions } = {
    ...(https ? { https } : {}),
    // A child whose request serializer keeps tokens out of the logs; a child's serializers take
    // precedence over fastify's defaults.
    loggerInstance: capsule.log.child({}, { serializers: { req: serializeRequest } }) as FastifyBaseLogger,
    bodyLimit: capsule.config.bodyLimit,
    trustProxy: fastifyTrustProxy(capsule.config.trustProxy),
    frameworkErrors: frameworkErrorHandler,
    logController: new OneLineRequestLog(),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    // Trailing slashes are how CAP clients write collection URLs (/api/deposits/).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  };
  const app = Fastify(options);
  app.decorate('capsule', capsule);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  registerSecurityHeaders(app);
  registerJsonBodies(app);
  await app.register(fastifyCookie);
  registerApiCaching(app);

  // Fastify wants reference-typed decorations to start as null; every request sets its own in onRequest.
  app.decorateRequest('caller', null as never);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('dataVersion', undefined);
  const authenticator = new Authenticator(capsule);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // Observed once, before anything is read: what the request's cached reads are keyed by.
    request.dataVersion = capsule.database.dataVersion();
    ({ caller: request.caller, csrfToken: request.csrfToken } = await authenticator.authenticate(request));
  });

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(jsonSchemaRoutes, { prefix: '/api/jsonschemas' });
  await app.register(rawSchemaRoutes, { prefix: '/schemas' });
  await app.register(depositRoutes, { prefix: '/api/deposits' });
  await app.register(recordRoutes, { prefix: '/api/records' });
  await app.register(openDataRoutes, { prefix: '/api/opendata' });
  await app.register(fileRoutes, { prefix: '/api' });
  await app.register(oidcRoutes, { prefix: '/api' });
  await app.register(sessionRoutes, { prefix: '/api' });
  await app.register(tokenRoutes, { prefix: '/api/tokens' });
  await app.register(webAppRoutes);
  return app;
}
