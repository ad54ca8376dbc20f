import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './authenticate.js';

/**
 * The session cookie's attributes: script cannot read it, other sites' requests only carry it on
 * top-level navigation, and it is `Secure` when browsers reach the instance over HTTPS — served
 * here, an https base URL, or a trusted proxy saying so for this request.
 */
function sessionCookieOptions(request: FastifyRequest) {
  const secure = request.server.capsule.config.secureCookies || request.protocol === 'https';
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

/** Sets the session cookie; a browser session lives until it ends server-side, so the cookie has no expiry of its own. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string): FastifyReply {
  return reply.setCookie(SESSION_COOKIE, sessionId, sessionCookieOptions(request));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
}
