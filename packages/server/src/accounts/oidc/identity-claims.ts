import { CapsuleError } from '../../errors/capsule-error.js';

/** Who a provider says the person is, in the terms of a Capsule account. */
export interface ProviderIdentity {
  email: string;
  /** Kept with a new account: names as the provider gives them. */
  profile: Record<string, string>;
  /** The groups claim, when the provider is configured to have one; undefined leaves memberships alone. */
  groups: string[] | undefined;
}

const PROFILE_CLAIMS = ['name', 'given_name', 'family_name', 'preferred_username'] as const;

/** A groups claim is a list of names, or one name; a person in no group may have no claim at all. */
function groupsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * The identity in a provider's claims. Accounts are keyed by email, so an email is required,
 * and one the provider says it has not verified is refused: anyone could claim it.
 */
export function identityFromClaims(claims: Record<string, unknown>, groupsClaim: string | undefined, providerTitle: string): ProviderIdentity {
  const email = claims.email;
  if (typeof email !== 'string' || email === '') {
    throw new CapsuleError('unauthenticated', `${providerTitle} did not give an email address, which a Capsule account needs: the provider must release the email claim (scope "email").`);
  }
  if (claims.email_verified === false || claims.email_verified === 'false') {
    throw new CapsuleError('unauthenticated', `${providerTitle} has not verified the email address ${email}; verify it there, then sign in again.`);
  }
  const profile: Record<string, string> = {};
  for (const claim of PROFILE_CLAIMS) {
    const value = claims[claim];
    if (typeof value === 'string' && value !== '') profile[claim] = value;
  }
  return { email, profile, groups: groupsClaim === undefined ? undefined : groupsIn(claims[groupsClaim]) };
}
