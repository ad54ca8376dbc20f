import * as client from 'openid-client';
import { CapsuleError } from '../../errors/capsule-error.js';

/** openid-client's codes for a provider that answered with something other than OAuth. */
const NOT_OAUTH = new Set(['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON']);

const described = (error: string, description: string | undefined) => (description ? `${error}: ${description}` : error);

function unreachable(e: unknown): boolean {
  if (e instanceof TypeError && e.message === 'fetch failed') return true;
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return true;
  return e instanceof client.ClientError && NOT_OAUTH.has(e.code ?? '');
}

/**
 * What went wrong finishing a sign-in with a provider, in Capsule's terms: the provider said
 * no (401), its answer failed a check of the ID token (401), or it could not be reached (502).
 * Messages name the OAuth error, never a code or token.
 */
export function providerRefusal(e: unknown, title: string): unknown {
  if (e instanceof client.AuthorizationResponseError) {
    return new CapsuleError('unauthenticated', `${title} did not sign you in (${described(e.error, e.error_description)}).`);
  }
  if (e instanceof client.ResponseBodyError) {
    return new CapsuleError('unauthenticated', `${title} refused the sign-in code (${described(e.error, e.error_description)}); it may have been used already. Sign in again.`);
  }
  if (unreachable(e) || (e instanceof client.ClientError && unreachable(e.cause))) {
    return new CapsuleError('bad_gateway', `${title} could not be reached or answered unexpectedly; try again later.`);
  }
  if (e instanceof client.ClientError) {
    return new CapsuleError('unauthenticated', `The answer from ${title} failed a check (${e.message}); sign in again.`);
  }
  return e;
}
