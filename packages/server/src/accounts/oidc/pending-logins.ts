import type { Database } from '../../db/database.js';
import { hashToken } from '../token-hash.js';

/** A sign-in sent to an identity provider, waiting for the browser to come back with a code. */
export interface PendingLogin {
  provider: string;
  /** PKCE: the token request must prove it is the one that started the sign-in. */
  codeVerifier: string;
  /** Must come back inside the ID token, so a token minted for another sign-in is refused. */
  nonce: string;
  /** Where the browser goes once signed in. */
  returnTo: string;
  expires: Date;
}

/**
 * Pending sign-ins, keyed by the hash of their state parameter. In the database, so the
 * instance that sees the callback need not be the one that started the sign-in.
 */
export class PendingLogins {
  readonly #write: Database['write'];

  constructor(database: Pick<Database, 'write'>) {
    this.#write = database.write;
  }

  /** Stores a sign-in under its state, and drops those that expired unused. */
  async add(state: string, login: PendingLogin, now: Date): Promise<void> {
    await this.#write(async (trx) => {
      await trx.deleteFrom('oidc_pending_logins').where('expires', '<=', now.toISOString()).execute();
      await trx
        .insertInto('oidc_pending_logins')
        .values({
          state_hash: hashToken(state),
          provider: login.provider,
          code_verifier: login.codeVerifier,
          nonce: login.nonce,
          return_to: login.returnTo,
          expires: login.expires.toISOString(),
        })
        .execute();
    });
  }

  /** The sign-in a state names, removed as it is read, so each is used at most once; undefined if there is none. */
  async take(state: string): Promise<PendingLogin | undefined> {
    const row = await this.#write((trx) => trx.deleteFrom('oidc_pending_logins').where('state_hash', '=', hashToken(state)).returningAll().executeTakeFirst());
    return row && { provider: row.provider, codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to, expires: new Date(row.expires) };
  }
}
