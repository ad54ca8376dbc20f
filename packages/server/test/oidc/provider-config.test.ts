import { describe, expect, it } from 'vitest';
import { resolveConfig, type ConfigInput } from '../../src/config/config.js';

const CERN = 'https://auth.cern.ch/auth/realms/cern';

describe('single sign-on configuration', () => {
  it('has no providers unless one is configured', () => {
    expect(resolveConfig({}, {}).oidcProviders).toEqual([]);
  });

  it('takes one provider from the oidc options, with defaults for name, title and scopes', () => {
    expect(resolveConfig({ oidcIssuer: CERN, oidcClientId: 'capsule', oidcClientSecret: 's3cret' }, {}).oidcProviders).toEqual([
      { name: 'sso', title: 'sso', issuer: CERN, clientId: 'capsule', clientSecret: 's3cret', scopes: ['openid', 'email', 'profile'], groupsClaim: undefined },
    ]);
  });

  it('reads CAPSULE_OIDC_* variables, flags winning', () => {
    const env = { CAPSULE_OIDC_ISSUER: CERN, CAPSULE_OIDC_CLIENT_ID: 'from-env', CAPSULE_OIDC_CLIENT_SECRET: 'env-secret', CAPSULE_OIDC_GROUPS_CLAIM: 'cern_roles', CAPSULE_OIDC_NAME: 'cern' };
    const [provider] = resolveConfig({ oidcClientId: 'from-flag', oidcScopes: 'openid email' }, env).oidcProviders;
    expect(provider).toMatchObject({ name: 'cern', clientId: 'from-flag', clientSecret: 'env-secret', groupsClaim: 'cern_roles', scopes: ['openid', 'email'] });
  });

  it('takes several providers as JSON', () => {
    const json = JSON.stringify([
      { name: 'cern', title: 'CERN', issuer: CERN, client_id: 'capsule', client_secret: 'x', groups_claim: 'cern_roles' },
      { name: 'local-dev', issuer: 'http://127.0.0.1:8080/realms/dev', client_id: 'capsule-dev', scopes: ['openid', 'email'] },
    ]);
    const providers = resolveConfig({}, { CAPSULE_OIDC_PROVIDERS: json }).oidcProviders;
    expect(providers.map((p) => [p.name, p.title, p.scopes.join(' '), p.clientSecret, p.groupsClaim])).toEqual([
      ['cern', 'CERN', 'openid email profile', 'x', 'cern_roles'],
      ['local-dev', 'local-dev', 'openid email', undefined, undefined],
    ]);
  });

  it('refuses what cannot work, naming the option', () => {
    const refuses = (input: ConfigInput, pattern: RegExp) => expect(() => resolveConfig(input, {})).toThrow(pattern);
    refuses({ oidcClientId: 'capsule' }, /Invalid configuration: oidc-issuer is required/);
    refuses({ oidcIssuer: CERN }, /oidc-client-id is required/);
    refuses({ oidcIssuer: 'http://auth.example.org', oidcClientId: 'c' }, /oidc-issuer must be an https URL \(http only on this machine\)/);
    refuses({ oidcIssuer: 'auth.cern.ch', oidcClientId: 'c' }, /oidc-issuer must be an absolute URL/);
    refuses({ oidcIssuer: `${CERN}?x=1`, oidcClientId: 'c' }, /oidc-issuer must not have a query/);
    refuses({ oidcIssuer: CERN, oidcClientId: 'c', oidcScopes: 'email profile' }, /oidc-scopes must include openid/);
    refuses({ oidcIssuer: CERN, oidcClientId: 'c', oidcName: 'CERN SSO' }, /oidc-name must be lowercase letters, digits and dashes/);
    refuses({ oidcIssuer: CERN, oidcClientId: 'c', oidcGroupsClaim: 'a b' }, /oidc-groups-claim is not a claim name/);
    refuses({ oidcProviders: '[{"name":"cern"', oidcIssuer: CERN }, /oidc-providers cannot be combined with oidc-issuer/);
    refuses({ oidcProviders: '{not json' }, /oidc-providers is not JSON/);
    refuses({ oidcProviders: '{"name":"cern"}' }, /oidc-providers must be a JSON array/);
    refuses({ oidcProviders: '[{"issuer":"https://a.example","client_id":"c"}]' }, /oidc-providers\[0\].name is required/);
    refuses({ oidcProviders: '[{"name":"a","issuer":"https://a.example","clientId":"c"}]' }, /oidc-providers\[0\] has unknown field clientId; known fields: name, title/);
    refuses({ oidcProviders: '[{"name":"a","issuer":"https://a.example","client_id":7}]' }, /oidc-providers\[0\].client_id must be a string/);
    refuses({ oidcProviders: '[{"name":"a","issuer":"https://a.example","client_id":"c"},{"name":"a","issuer":"https://b.example","client_id":"d"}]' }, /names provider a twice/);
  });
});
