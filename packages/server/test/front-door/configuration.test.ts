import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig, type ConfigInput } from '../../src/config/config.js';
import { CapsuleError } from '../../src/errors/capsule-error.js';

const refuses = (input: ConfigInput, pattern: RegExp, env: NodeJS.ProcessEnv = {}) => {
  expect(() => resolveConfig(input, env)).toThrow(CapsuleError);
  expect(() => resolveConfig(input, env)).toThrow(pattern);
};

describe('front-door configuration', () => {
  it('serves plain HTTP, trusts no proxy and sets no Secure cookies by default', () => {
    expect(resolveConfig({}, {})).toMatchObject({ tls: { mode: 'none' }, trustProxy: false, secureCookies: false, baseUrl: 'http://127.0.0.1:5000' });
  });

  it('takes certificate files from flags or CAPSULE_TLS_CERT and CAPSULE_TLS_KEY; the default base URL becomes https', () => {
    const fromFlags = resolveConfig({ tlsCert: 'cert.pem', tlsKey: 'key.pem', port: 8443 }, {});
    expect(fromFlags.tls).toEqual({ mode: 'files', certFile: path.resolve('cert.pem'), keyFile: path.resolve('key.pem') });
    expect(fromFlags).toMatchObject({ baseUrl: 'https://127.0.0.1:8443', secureCookies: true });
    const fromEnv = resolveConfig({}, { CAPSULE_TLS_CERT: '/etc/c.pem', CAPSULE_TLS_KEY: '/etc/k.pem' });
    expect(fromEnv.tls).toEqual({ mode: 'files', certFile: '/etc/c.pem', keyFile: '/etc/k.pem' });
  });

  it('keeps the self-signed development certificate in <data>/tls', () => {
    const config = resolveConfig({ dataDir: '/srv/capsule' }, { CAPSULE_TLS: 'self-signed' });
    expect(config.tls).toEqual({ mode: 'self-signed', directory: '/srv/capsule/tls' });
    expect(config).toMatchObject({ baseUrl: 'https://127.0.0.1:5000', secureCookies: true });
    // A flag wins over the environment.
    expect(resolveConfig({ tls: 'none' }, { CAPSULE_TLS: 'self-signed' }).tls).toEqual({ mode: 'none' });
  });

  it('sets Secure cookies behind a TLS-terminating proxy, known by an https base URL', () => {
    expect(resolveConfig({ baseUrl: 'https://analysis-preservation.example.org', trustProxy: 'true' }, {}).secureCookies).toBe(true);
    expect(resolveConfig({ baseUrl: 'http://capsule.internal' }, {}).secureCookies).toBe(false);
  });

  it('reads trust-proxy as true, a hop count, or addresses and ranges', () => {
    expect(resolveConfig({ trustProxy: 'true' }, {}).trustProxy).toBe(true);
    expect(resolveConfig({ trustProxy: 'false' }, {}).trustProxy).toBe(false);
    expect(resolveConfig({ trustProxy: 2 }, {}).trustProxy).toBe(2);
    expect(resolveConfig({}, { CAPSULE_TRUST_PROXY: '10.1.2.3, 192.168.0.0/16,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.1.2.3',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses bad TLS and proxy settings, naming the option', () => {
    refuses({ tlsCert: 'cert.pem' }, /Invalid configuration: tls-cert is set without tls-key/);
    refuses({ tlsKey: 'key.pem' }, /Invalid configuration: tls-key is set without tls-cert/);
    refuses({ tls: 'on' }, /Invalid configuration: tls must be self-signed or none/);
    refuses({ tls: 'self-signed', tlsCert: 'c.pem', tlsKey: 'k.pem' }, /tls self-signed cannot be combined with tls-cert or tls-key/);
    refuses({ tls: 'none', tlsCert: 'c.pem', tlsKey: 'k.pem' }, /tls none cannot be combined/);
    refuses({}, /tls-key is set without tls-cert/, { CAPSULE_TLS_KEY: 'k.pem' });
    refuses({ trustProxy: 'everyone' }, /Invalid configuration: trust-proxy .*"everyone" is none of these/);
    refuses({ trustProxy: '10.0.0.0/33' }, /trust-proxy .*"10.0.0.0\/33"/);
    refuses({ trustProxy: '10.0.0.1,' }, /trust-proxy .*"" is none of these/);
    refuses({ trustProxy: '0' }, /trust-proxy hop count must be from 1 to 100/);
  });
});
