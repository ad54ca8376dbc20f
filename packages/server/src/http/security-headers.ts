import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** Two years, subdomains included: what HSTS preload lists ask for. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

/**
 * Only this origin's own scripts, styles, images (and data: images), fonts and connections;
 * no plugins, no framing, no foreign <base> or form targets. The web app is served from the
 * same origin, so it needs nothing more.
 */
const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
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
    },
  },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  xFrameOptions: { action: 'deny' },
  // Sent per request by addHsts, never over plain HTTP.
  strictTransportSecurity: false,
} as const satisfies HelmetOptions;

/**
 * HSTS only on requests that came over HTTPS, directly or through a trusted proxy: fastify's
 * `request.protocol` believes X-Forwarded-Proto only from the peers `trustProxy` names.
 */
function addHsts(request: FastifyRequest, reply: FastifyReply): void {
  if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS_VALUE);
}

/**
 * The headers helmet sets for these options, worked out once: helmet would rebuild its
 * middleware (and re-parse the CSP) on every request, and the headers never change, since the
 * policy takes no per-request nonces.
 */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

const SECURITY_HEADERS = helmetHeaders();

/** Sets them on a reply: from the hook below, and on a response fastify makes before any hook runs (a URL it cannot route). */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers(SECURITY_HEADERS);
  addHsts(request, reply);
}

/**
 * Security headers on every response, errors included: CSP, nosniff, a strict referrer policy,
 * no framing, and HSTS over HTTPS. Registered before any other onRequest hook, so a request
 * refused there still gets them.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request, reply);
    done();
  });
}
