import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFrom } from '../src/instance-options.js';
import { serveCommand } from '../src/commands/serve.js';

describe('the configuration the flags give', () => {
  it('takes every flag of serve under its own name, --data and --database as dataDir and databaseUrl', () => {
    // Parsed only: the action that would start a server is replaced.
    const serve = serveCommand().action(() => {});
    serve.parse(
      [
        ['--data', 'instance'],
        ['--database', 'sqlite:instance/db.sqlite'],
        ['--base-url', 'https://capsule.example.org/'],
        ['--log-level', 'error'],
        ['--port', '8443'],
        ['--host', '0.0.0.0'],
        ['--tls-cert', 'cert.pem'],
        ['--tls-key', 'key.pem'],
        ['--trust-proxy', 'loopback'],
        ['--max-file-size', '2048'],
        ['--bucket-quota', '4096'],
        ['--git-hosts', 'git.example.org'],
        ['--git-timeout', '5000'],
        ['--git-max-size', '65536'],
        ['--oidc-issuer', 'https://sso.example.org'],
        ['--oidc-client-id', 'capsule'],
        ['--oidc-client-secret', 'shh'],
        ['--oidc-scopes', 'openid email'],
        ['--oidc-groups-claim', 'groups'],
        ['--oidc-name', 'cern'],
        ['--oidc-title', 'CERN SSO'],
      ].flat(),
      { from: 'user' },
    );
    const config = configFrom(serve.opts());
    expect(config).toMatchObject({
      dataDir: path.resolve('instance'),
      databaseUrl: 'sqlite:instance/db.sqlite',
      baseUrl: 'https://capsule.example.org',
      logLevel: 'error',
      port: 8443,
      host: '0.0.0.0',
      tls: { mode: 'files', certFile: path.resolve('cert.pem'), keyFile: path.resolve('key.pem') },
      trustProxy: ['loopback'],
      maxFileSize: 2048,
      bucketQuota: 4096,
      gitHosts: ['git.example.org'],
      gitTimeout: 5000,
      gitMaxSize: 65536,
    });
    expect(config.oidcProviders).toEqual([
      expect.objectContaining({ name: 'cern', title: 'CERN SSO', issuer: 'https://sso.example.org', clientId: 'capsule', clientSecret: 'shh', groupsClaim: 'groups' }),
    ]);
    expect(config.oidcProviders[0]!.scopes).toContain('email');
  });
});
