import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Capsule } from '../capsule.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { healthRoutes } from './routes/health.js';
import { jsonSchemaRoutes } from './routes/jsonschemas.js';
import { rawSchemaRoutes } from './routes/raw-schemas.js';

declare module 'fastify' {
  interface FastifyInstance {
    capsule: Capsule;
  }
}

/** Body types Capsule reads besides application/json; anything else is 415. */
const JSON_LIKE = ['application/json-patch+json'];

/** The HTTP face of a Capsule instance: routing, parsing, negotiation and error mapping; no rules. */
export async function buildHttpApp(capsule: Capsule): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: capsule.log as FastifyBaseLogger,
    bodyLimit: capsule.config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    // Trailing slashes are how CAP clients write collection URLs (/api/deposits/).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  });
  app.decorate('capsule', capsule);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // Only JSON bodies are read; fastify's plain-text parser would let text through to routes.
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(JSON_LIKE, { parseAs: 'string' }, parseJson);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(jsonSchemaRoutes, { prefix: '/api/jsonschemas' });
  await app.register(rawSchemaRoutes, { prefix: '/schemas' });
  return app;
}
