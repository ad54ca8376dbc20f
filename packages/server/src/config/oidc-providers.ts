import { invalidConfiguration as invalid } from './configuration-error.js';

/** An OpenID Connect provider people may sign in with. */
export interface OidcProviderConfig {
  /** Key in URLs (`/api/oauth/login/<name>`) and in group memberships it asserts (`oidc:<name>`). */
  readonly name: string;
  /** What the sign-in button says. */
  readonly title: string;
  /** Issuer identifier: discovery reads `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  /** None: a public client, protected by PKCE alone. */
  readonly clientSecret: string | undefined;
  /** Scopes asked for; always includes `openid`. */
  readonly scopes: readonly string[];
  /** The claim listing the user's groups; none: group memberships are not taken from this provider. */
  readonly groupsClaim: string | undefined;
}

/** The options that configure single sign-on: one provider in parts, or any number as JSON. */
export const OIDC_OPTIONS = ['oidcProviders', 'oidcName', 'oidcTitle', 'oidcIssuer', 'oidcClientId', 'oidcClientSecret', 'oidcScopes', 'oidcGroupsClaim'] as const;
export type OidcOption = (typeof OIDC_OPTIONS)[number];

export const OIDC_ENV_NAMES: Record<OidcOption, string> = {
  oidcProviders: 'CAPSULE_OIDC_PROVIDERS',
  oidcName: 'CAPSULE_OIDC_NAME',
  oidcTitle: 'CAPSULE_OIDC_TITLE',
  oidcIssuer: 'CAPSULE_OIDC_ISSUER',
  oidcClientId: 'CAPSULE_OIDC_CLIENT_ID',
  oidcClientSecret: 'CAPSULE_OIDC_CLIENT_SECRET',
  oidcScopes: 'CAPSULE_OIDC_SCOPES',
  oidcGroupsClaim: 'CAPSULE_OIDC_GROUPS_CLAIM',
};

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const CLAIM = /^[A-Za-z0-9_:.-]{1,100}$/;
const DEFAULT_SCOPES = 'openid email profile';
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** The fields of one entry of the JSON list, as an administrator writes them. */
const JSON_FIELDS = ['name', 'title', 'issuer', 'client_id', 'client_secret', 'scopes', 'groups_claim'] as const;
type JsonField = (typeof JSON_FIELDS)[number];

/** A provider as given, before checking: every field a string (scopes may be a list). */
type ProviderInput = Partial<Record<JsonField, unknown>>;

/** http is only for a provider on this machine (development and tests); anything reached over a network needs https. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** How a field is named in messages: `oidc-client-id` for a flag, `oidc-providers[0].client_id` in the JSON list. */
type FieldName = (field: JsonField) => string;

function optionalText(named: FieldName, field: JsonField, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(named(field), 'must be a string');
  return value;
}

function requiredText(named: FieldName, field: JsonField, value: unknown): string {
  const text = optionalText(named, field, value);
  if (text === undefined) throw invalid(named(field), 'is required');
  return text;
}

function checkedIssuer(where: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(where, `must be an absolute URL, got ${JSON.stringify(raw)}`);
  }
  if (url.search || url.hash) throw invalid(where, 'must not have a query or fragment');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw invalid(where, `must be an https URL (http only on this machine), got ${JSON.stringify(raw)}`);
  }
  // Kept exactly as given: discovery refuses metadata whose issuer differs by so much as a slash.
  return raw;
}

function checkedScopes(where: string, raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : String(raw ?? DEFAULT_SCOPES).split(/\s+/);
  if (!list.every((s): s is string => typeof s === 'string')) throw invalid(where, 'must be strings');
  const scopes = [...new Set(list.filter((s) => s !== ''))];
  if (!scopes.includes('openid')) throw invalid(where, `must include openid, got ${JSON.stringify(scopes.join(' '))}`);
  return scopes;
}

function providerFrom(named: FieldName, input: ProviderInput): OidcProviderConfig {
  const name = optionalText(named, 'name', input.name) ?? 'sso';
  if (!NAME.test(name)) throw invalid(named('name'), `must be lowercase letters, digits and dashes (at most 40), got ${JSON.stringify(name)}`);
  const groupsClaim = optionalText(named, 'groups_claim', input.groups_claim);
  if (groupsClaim !== undefined && !CLAIM.test(groupsClaim)) throw invalid(named('groups_claim'), `is not a claim name: ${JSON.stringify(groupsClaim)}`);
  return {
    name,
    title: optionalText(named, 'title', input.title) ?? name,
    issuer: checkedIssuer(named('issuer'), requiredText(named, 'issuer', input.issuer)),
    clientId: requiredText(named, 'client_id', input.client_id),
    clientSecret: optionalText(named, 'client_secret', input.client_secret),
    scopes: checkedScopes(named('scopes'), input.scopes),
    groupsClaim,
  };
}

function providersFromJson(raw: string): OidcProviderConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw invalid('oidc-providers', `is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw invalid('oidc-providers', 'must be a JSON array of {name, issuer, client_id, ...} objects');
  return parsed.map((entry: unknown, i) => {
    const where = `oidc-providers[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw invalid(where, 'must be an object');
    const unknown = Object.keys(entry).filter((k) => !(JSON_FIELDS as readonly string[]).includes(k));
    if (unknown.length) throw invalid(where, `has unknown field ${unknown.join(', ')}; known fields: ${JSON_FIELDS.join(', ')}`);
    if ((entry as ProviderInput).name === undefined) throw invalid(`${where}.name`, 'is required');
    return providerFrom((field) => `${where}.${field}`, entry as ProviderInput);
  });
}

/** `oidcClientId` as a person types it: `oidc-client-id`. */
const flagName = (option: OidcOption) => option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The providers configured: a JSON list (`oidc-providers`), or one provider from the
 * `oidc-*` options, or none. The two ways do not mix, names are unique.
 */
export function resolveOidcProviders(option: (key: OidcOption) => string | undefined): readonly OidcProviderConfig[] {
  const json = option('oidcProviders');
  const parts = OIDC_OPTIONS.filter((key) => key !== 'oidcProviders' && option(key) !== undefined);
  if (json !== undefined && parts.length) {
    throw invalid('oidc-providers', `cannot be combined with ${parts.map(flagName).join(', ')}; list every provider in the JSON`);
  }
  const providers =
    json !== undefined
      ? providersFromJson(json)
      : parts.length
        ? [
            providerFrom((field) => `oidc-${field.replace('_', '-')}`, {
              name: option('oidcName'),
              title: option('oidcTitle'),
              issuer: option('oidcIssuer'),
              client_id: option('oidcClientId'),
              client_secret: option('oidcClientSecret'),
              scopes: option('oidcScopes'),
              groups_claim: option('oidcGroupsClaim'),
            }),
          ]
        : [];
  const names = providers.map((p) => p.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw invalid('oidc-providers', `names provider ${repeated} twice`);
  return providers;
}
