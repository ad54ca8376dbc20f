import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../../errors/capsule-error.js';
import { parseSchemaUrl } from '../../schemas/schema-urls.js';
import { isTrue } from '../query-flags.js';

/** /schemas/...: the raw JSON Schema documents at the URLs their `$id`s name. */
export const rawSchemaRoutes: FastifyPluginAsync = async (app) => {
  const registry = app.capsule.schemas;
  app.get<{ Querystring: { resolved?: string } }>('/*', async (request, reply) => {
    const address = parseSchemaUrl(request.url.split('?')[0]!);
    if (!address) throw notFound(`No schema at ${request.url}.`);
    const doc = isTrue(request.query.resolved) ? await registry.resolved(address) : await registry.document(address);
    return reply.type('application/schema+json').send(JSON.stringify(doc));
  });
};
