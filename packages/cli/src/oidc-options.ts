import type { Command } from 'commander';

/** Single sign-on flags as commander names them; they are also ConfigInput's names. */
export interface OidcFlags {
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecret?: string;
  oidcScopes?: string;
  oidcGroupsClaim?: string;
  oidcName?: string;
  oidcTitle?: string;
  oidcProviders?: string;
}

/** OpenID Connect providers people may sign in with: one from flags, or several as JSON. */
export function withOidcOptions(command: Command): Command {
  return command
    .option('--oidc-issuer <url>', 'let people sign in through this OpenID Connect provider, e.g. https://auth.cern.ch/auth/realms/cern (CAPSULE_OIDC_ISSUER)')
    .option('--oidc-client-id <id>', 'client id registered at the provider (CAPSULE_OIDC_CLIENT_ID)')
    .option('--oidc-client-secret <secret>', 'client secret; prefer CAPSULE_OIDC_CLIENT_SECRET, since flags show in process lists')
    .option('--oidc-scopes <scopes>', 'scopes to ask for, space-separated (CAPSULE_OIDC_SCOPES; default "openid email profile")')
    .option('--oidc-groups-claim <claim>', 'claim listing the user\'s groups, e.g. groups or cern_roles (CAPSULE_OIDC_GROUPS_CLAIM; default: memberships not taken from the provider)')
    .option('--oidc-name <name>', 'provider key in URLs: /api/oauth/login/<name>, /api/oauth/authorized/<name> (CAPSULE_OIDC_NAME; default sso)')
    .option('--oidc-title <title>', 'sign-in button label (CAPSULE_OIDC_TITLE; default the name)')
    .option(
      '--oidc-providers <json>',
      'several providers instead: [{"name","title","issuer","client_id","client_secret","scopes","groups_claim"}, ...] (CAPSULE_OIDC_PROVIDERS)',
    );
}
