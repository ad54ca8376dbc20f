import type { FastifyInstance } from 'fastify';

/**
 * API answers depend on who asks (rights, `is_owner`, `can_update`) and on Accept, while the
 * ETag is the record's revision, which CAP clients send back in If-Match. So no shared cache may
 * keep them, and a browser must revalidate them and keep one per caller and format. A route that
 * decides its own caching (file downloads, redirects) keeps what it set.
 */
export function registerApiCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'private, no-cache');
    const vary = String(reply.getHeader('vary') ?? '');
    const wanted = ['Accept', 'Authorization', 'Cookie'].filter((h) => !vary.toLowerCase().split(/\s*,\s*/).includes(h.toLowerCase()));
    if (wanted.length) void reply.header('vary', [vary, ...wanted].filter(Boolean).join(', '));
  });
}
