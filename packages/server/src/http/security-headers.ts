import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Two years, subdomains included: what HSTS preload lists ask for. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

/**
 * Only this origin's own scripts, styles, images (and data: images), fonts and connections;
 * no plugins, no framing, no foreign <base> or form targets. The web app is served from the
 * same origin, so it needs nothing more.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Security headers on every response, errors included: CSP, nosniff, a strict referrer policy,
 * no framing; HSTS only on requests that came over HTTPS, directly or through a trusted proxy
 * (fastify's `request.protocol` believes X-Forwarded-Proto only from peers `trustProxy` names).
 * Registered before any other onRequest hook, so a request refused there still gets them.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
    // Sent by the hook below, per request, never over plain HTTP.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS_VALUE);
  });
}
