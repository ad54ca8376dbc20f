import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './authenticate.js';

/** The session cookie's attributes: script cannot read it, other sites' requests only carry it on top-level navigation, `Secure` when browsers reach the instance over HTTPS. */
export const sessionCookieOptions = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure });

/** Sets the session cookie; a browser session lives until it ends server-side, so the cookie has no expiry of its own. */
export function setSessionCookie(reply: FastifyReply, sessionId: string, secure: boolean): FastifyReply {
  return reply.setCookie(SESSION_COOKIE, sessionId, sessionCookieOptions(secure));
}
