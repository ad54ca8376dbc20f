import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { testDatabases } from '../support/databases.js';
import { httpsGet } from './tls-probe.js';
import { expectHsts, expectSecurityHeaders } from './security-header-expectations.js';

const sqlite = testDatabases[0]!;

/** Each case starts one or two `capsule serve` processes, which migrate a fresh database first. */
const CHILD_TIMEOUT = 90_000;

describe('capsule serve front-door flags', () => {
  let created: Awaited<ReturnType<typeof sqlite.create>>;
  let server: ChildServer | undefined;

  beforeEach(async () => {
    created = await sqlite.create();
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await created.drop();
  });

  it('--tls self-signed serves HTTPS with the certificate it made in <data>/tls', async () => {
    server = await startChildServer(created.dataDir, created.url, ['--tls', 'self-signed']);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const certificate = fs.readFileSync(path.join(created.dataDir, 'tls', 'localhost-cert.pem'), 'utf8');
    const health = await httpsGet(`${server.url}/api/health`, certificate);
    expect(health.status).toBe(200);
    expectSecurityHeaders(health.headers);
    expectHsts(health.headers);
  }, CHILD_TIMEOUT);

  it('--trust-proxy alone believes X-Forwarded-Proto; without it the header is ignored', async () => {
    server = await startChildServer(created.dataDir, created.url);
    expect((await fetch(`${server.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBeNull();
    await server.stop();

    server = await startChildServer(created.dataDir, created.url, ['--trust-proxy']);
    const forwarded = await fetch(`${server.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expectHsts(Object.fromEntries(forwarded.headers));
  }, CHILD_TIMEOUT);

  it('refuses a certificate without its key, and says so', async () => {
    const cert = path.join(created.dataDir, 'cert.pem');
    await expect(startChildServer(created.dataDir, created.url, ['--tls-cert', cert])).rejects.toThrow(
      /exited with 1: error: Invalid configuration: tls-cert is set without tls-key; give both/,
    );
  }, CHILD_TIMEOUT);
});
