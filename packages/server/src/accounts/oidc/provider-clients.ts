import * as client from 'openid-client';
import { isLoopbackHost, type OidcProviderConfig } from '../../config/oidc-providers.js';
import { CapsuleError } from '../../errors/capsule-error.js';

/** Seconds any one request to a provider may take. */
const PROVIDER_TIMEOUT_SECONDS = 15;

/**
 * Each provider's discovered metadata (endpoints, signing keys), fetched at its first use and
 * then kept: a provider that is down does not stop the instance from starting, and a failed
 * discovery is tried again by the next sign-in.
 */
export class ProviderClients {
  readonly #discovered = new Map<string, Promise<client.Configuration>>();

  configurationOf(provider: OidcProviderConfig): Promise<client.Configuration> {
    let found = this.#discovered.get(provider.name);
    if (!found) {
      found = discover(provider);
      this.#discovered.set(provider.name, found);
      found.catch(() => {
        if (this.#discovered.get(provider.name) === found) this.#discovered.delete(provider.name);
      });
    }
    return found;
  }
}

async function discover(provider: OidcProviderConfig): Promise<client.Configuration> {
  const issuer = new URL(provider.issuer);
  // Configuration only allows http for a provider on this machine (see oidc-providers.ts).
  const insecure = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
  const authentication = provider.clientSecret === undefined ? client.None() : client.ClientSecretBasic(provider.clientSecret);
  try {
    return await client.discovery(issuer, provider.clientId, undefined, authentication, {
      timeout: PROVIDER_TIMEOUT_SECONDS,
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
  } catch (e) {
    throw new CapsuleError('bad_gateway', `Cannot read the OpenID configuration of ${provider.title} at ${provider.issuer}: ${(e as Error).message}.`);
  }
}
