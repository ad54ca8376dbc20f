import type { FastifyInstance } from 'fastify';

const VARIES_BY = ['Accept', 'Authorization', 'Cookie'];
/** Most answers set no Vary of their own: theirs is this, with no parsing. */
const VARY = VARIES_BY.join(', ');

/**
 * API answers depend on who asks (rights, `is_owner`, `can_update`) and on Accept, while the
 * ETag is the record's revision, which CAP clients send back in If-Match. So no shared cache may
 * keep them, and a browser must revalidate them and keep one per caller and format. A route that
 * decides its own caching (file downloads, redirects) keeps what it set.
 */
export function registerApiCaching(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/')) {
      if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'private, no-cache');
      const vary = reply.getHeader('vary');
      if (vary === undefined) void reply.header('vary', VARY);
      else {
        const have = String(vary).toLowerCase().split(/\s*,\s*/);
        const wanted = VARIES_BY.filter((h) => !have.includes(h.toLowerCase()));
        if (wanted.length) void reply.header('vary', [String(vary), ...wanted].filter(Boolean).join(', '));
      }
    }
    done(null, payload);
  });
}
