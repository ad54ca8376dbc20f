import type { FastifyRequest } from 'fastify';
import { ALL_SCOPES, ANONYMOUS, type Caller } from '../accounts/account-types.js';
import { hashToken, type StoredToken } from '../accounts/accounts.js';
import type { Capsule } from '../capsule.js';
import { CapsuleError } from '../errors/capsule-error.js';
import { VersionedCache } from '../read-cache/versioned-cache.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    /** The CSRF token of the session the request came with, if it came with one. */
    csrfToken: string | undefined;
    /** The data version (Database.dataVersion) observed when the request arrived: its cached reads are as of this. */
    dataVersion: string | undefined;
  }
  interface FastifyContextConfig {
    /** false on routes a browser reaches before it has a session (sign-in). */
    csrf?: boolean;
  }
}

export const SESSION_COOKIE = 'capsule_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token a request carries: `Authorization: Bearer|OAuth2 <token>` (cap-client sends OAuth2) or `?access_token=`. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^(?:Bearer|OAuth2)\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new CapsuleError('unauthenticated', 'The Authorization header must be "Bearer <token>" or "OAuth2 <token>".');
    return m[1];
  }
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
}

/** Stored tokens kept between requests; each is a few hundred bytes. */
const TOKEN_CACHE_SIZE = 10_000;

/**
 * Decides who a request is from: a token (which must be valid: a bad one is 401, not
 * anonymous), else a session cookie, else nobody. A write made with a session cookie must
 * carry the session's CSRF token, since a browser sends the cookie with any site's request;
 * a write made with a token needs none. Stored tokens are cached per hash until accounts change
 * (Database.accountsVersion: a revocation, a disabled user, a changed membership, by this process
 * or another), so a write request, whose own commits leave accounts alone, does not read its
 * token again; expiry is checked on each use.
 */
export class Authenticator {
  readonly #capsule: Capsule;
  readonly #tokens = new VersionedCache<string, StoredToken>(TOKEN_CACHE_SIZE);
  /** The accounts version last observed, and the data version observed before it. */
  #lastObserved: { dataVersion: string; accountsVersion: string | undefined } | undefined;

  constructor(capsule: Capsule) {
    this.#capsule = capsule;
  }

  async authenticate(request: FastifyRequest): Promise<{ caller: Caller; csrfToken?: string }> {
    const { accounts, sessions } = this.#capsule;
    const token = tokenOf(request);
    if (token !== undefined) {
      const hash = hashToken(token);
      const version = this.#accountsVersion(request.dataVersion);
      return { caller: await accounts.admitToken(await this.#tokens.read(version, hash, () => accounts.storedToken(hash))) };
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return { caller: ANONYMOUS };
    const session = await sessions.resolve(sessionId);
    if (!session) return { caller: ANONYMOUS };
    if (!SAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new CapsuleError('forbidden', `A missing or wrong ${CSRF_HEADER} header: send the token GET /api/me gives.`);
    }
    return { caller: await accounts.callerFor(session.user, 'session', ALL_SCOPES), csrfToken: session.csrfToken };
  }

  /**
   * Database.accountsVersion as of now, after the request arrived (at `dataVersion`), so a change
   * committed before it is seen. A data version that has not moved since the last observation
   * means nothing was committed since, so the accounts version observed then still holds: one
   * query fewer per request while the data stands still.
   */
  #accountsVersion(dataVersion: string | undefined): string | undefined {
    const last = this.#lastObserved;
    if (dataVersion !== undefined && last?.dataVersion === dataVersion) return last.accountsVersion;
    const accountsVersion = this.#capsule.database.accountsVersion();
    this.#lastObserved = dataVersion === undefined ? undefined : { dataVersion, accountsVersion };
    return accountsVersion;
  }
}
