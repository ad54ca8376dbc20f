import * as client from 'openid-client';
import type { OidcProviderConfig } from '../../config/oidc-providers.js';
import type { Database } from '../../db/database.js';
import { CapsuleError, notFound } from '../../errors/capsule-error.js';
import type { User } from '../account-types.js';
import type { Accounts } from '../accounts.js';
import type { Groups } from '../groups.js';
import { identityFromClaims } from './identity-claims.js';
import { PendingLogins } from './pending-logins.js';
import { ProviderClients } from './provider-clients.js';
import { providerRefusal } from './provider-refusal.js';
import { returnPath } from './return-path.js';

/** How long a person has to sign in at the provider and come back. */
export const PENDING_LOGIN_MINUTES = 10;

export interface SingleSignOnOptions {
  providers: readonly OidcProviderConfig[];
  /** Public base URL of the instance: redirect URIs are `<baseUrl>/api/oauth/authorized/<provider>`. */
  baseUrl: string;
  database: Pick<Database, 'write'>;
  accounts: Accounts;
  groups: Groups;
}

export interface SignedIn {
  user: User;
  /** The path on this site the person asked to come back to. */
  returnTo: string;
}

/**
 * Sign-in through OpenID Connect providers: the authorization-code flow with PKCE, state and
 * nonce. `begin` records the sign-in and says where to send the browser; `complete` takes the
 * browser's return, exchanges the code, and gives the account (created at first sign-in, its
 * provider group memberships brought up to date).
 */
export class SingleSignOn {
  readonly #providers: ReadonlyMap<string, OidcProviderConfig>;
  readonly #baseUrl: string;
  readonly #pending: PendingLogins;
  readonly #clients = new ProviderClients();
  readonly #accounts: Accounts;
  readonly #groups: Groups;

  constructor(options: SingleSignOnOptions) {
    this.#providers = new Map(options.providers.map((p) => [p.name, p]));
    this.#baseUrl = options.baseUrl;
    this.#pending = new PendingLogins(options.database);
    this.#accounts = options.accounts;
    this.#groups = options.groups;
  }

  providers(): OidcProviderConfig[] {
    return [...this.#providers.values()];
  }

  /** Where a provider sends the browser back: registered with the provider as the redirect URI. */
  redirectUri(provider: OidcProviderConfig): string {
    return `${this.#baseUrl}/api/oauth/authorized/${provider.name}`;
  }

  /** Starts a sign-in: the provider's authorization URL to send the browser to. */
  async begin(providerName: string, next: unknown, now = new Date()): Promise<URL> {
    const provider = this.#provider(providerName);
    const configuration = await this.#clients.configurationOf(provider);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await this.#pending.add(
      state,
      { provider: provider.name, codeVerifier, nonce, returnTo: returnPath(next), expires: new Date(now.getTime() + PENDING_LOGIN_MINUTES * 60_000) },
      now,
    );
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(provider),
      scope: provider.scopes.join(' '),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Finishes a sign-in from the query string the provider sent the browser back with. The
   * state must name a sign-in started here for this provider, unused and not expired; the
   * code is exchanged with its PKCE verifier and the ID token must carry the sign-in's nonce.
   */
  async complete(providerName: string, query: string, now = new Date()): Promise<SignedIn> {
    const provider = this.#provider(providerName);
    const response = new URLSearchParams(query);
    const state = response.get('state');
    if (!state) throw new CapsuleError('bad_request', `The answer from ${provider.title} has no state parameter; start the sign-in again.`);
    const pending = await this.#pending.take(state);
    if (!pending || pending.provider !== provider.name) {
      throw new CapsuleError('bad_request', `This sign-in is unknown or was finished already (its state does not match one in progress); start the sign-in again.`);
    }
    if (pending.expires <= now) {
      throw new CapsuleError('bad_request', `This sign-in took longer than ${PENDING_LOGIN_MINUTES} minutes and expired; start the sign-in again.`);
    }
    const configuration = await this.#clients.configurationOf(provider);
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, new URL(`${this.redirectUri(provider)}?${response}`), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      // A provider may give names, email and groups in the ID token or only from its userinfo
      // endpoint; what the signed ID token says wins.
      const userInfo = configuration.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub) : {};
      claims = { ...userInfo, ...idToken };
    } catch (e) {
      throw providerRefusal(e, provider.title);
    }
    const identity = identityFromClaims(claims, provider.groupsClaim, provider.title);
    const user = await this.#accounts.ensureUser(identity.email, { profile: identity.profile });
    if (!user.active) throw new CapsuleError('forbidden', `The account ${user.email} is disabled.`);
    if (identity.groups !== undefined) await this.#groups.syncFromProvider(user, provider.name, identity.groups);
    return { user, returnTo: pending.returnTo };
  }

  #provider(name: string): OidcProviderConfig {
    const provider = this.#providers.get(name);
    if (!provider) throw notFound(`No sign-in provider ${JSON.stringify(name)}; GET /api/oauth/providers lists them.`);
    return provider;
  }
}
