import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { handshake, httpsGet } from './tls-probe.js';
import { expectHsts, expectSecurityHeaders } from './security-header-expectations.js';

/** TLS 1.2 suites that are ECDHE (forward secret) and AEAD (AES-GCM or ChaCha20-Poly1305). */
const ECDHE_AEAD = /^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/;

describe('HTTPS served directly', () => {
  let dataDir: string;
  let server: RunningServer;
  let port: number;
  let certificate: string;
  /** The same certificate behind a deliberately permissive TLS server: proves the client really offers old versions. */
  let permissive: tls.Server;
  let permissivePort: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-tls-'));
    server = await startServer(resolveConfig({ dataDir, port: 0, tls: 'self-signed', logLevel: 'silent' }, {}));
    port = Number(new URL(server.address).port);
    certificate = fs.readFileSync(path.join(dataDir, 'tls', 'localhost-cert.pem'), 'utf8');
    const key = fs.readFileSync(path.join(dataDir, 'tls', 'localhost-key.pem'), 'utf8');
    permissive = tls.createServer({ cert: certificate, key, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, (socket) => socket.end());
    await new Promise<void>((resolve) => permissive.listen(0, '127.0.0.1', resolve));
    permissivePort = (permissive.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => permissive.close(resolve));
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on an https:// address', () => {
    expect(server.address).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.capsule.config.baseUrl).toMatch(/^https:\/\//);
  });

  it('completes a TLS 1.3 handshake', async () => {
    const result = await handshake(port, { version: 'TLSv1.3' });
    expect(result).toMatchObject({ ok: true, protocol: 'TLSv1.3' });
  });

  it('completes a TLS 1.2 handshake with an ECDHE AEAD suite', async () => {
    const result = await handshake(port, { version: 'TLSv1.2' });
    expect(result).toMatchObject({ ok: true, protocol: 'TLSv1.2' });
    expect(result.ok && result.cipher).toMatch(ECDHE_AEAD);
  });

  it('refuses a TLS 1.2 client that offers only CBC suites', async () => {
    const ciphers = 'ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA';
    // The permissive server takes them; ours answers with a handshake_failure alert.
    expect(await handshake(permissivePort, { version: 'TLSv1.2', ciphers })).toMatchObject({ ok: true });
    expect(await handshake(port, { version: 'TLSv1.2', ciphers })).toMatchObject({ ok: false, code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' });
  });

  it.each(['TLSv1.1', 'TLSv1'] as const)('refuses %s: the server answers with a protocol_version alert', async (version) => {
    // The same client completes the handshake with the permissive server, so it does offer the
    // old version; against Capsule the handshake fails on an alert *received from the server*
    // (OpenSSL reports a peer's alert as "tlsv1 alert ..." read in ssl3_read_bytes, alert 70 =
    // protocol_version), not on a local "no protocols available" or "unsupported protocol".
    expect(await handshake(permissivePort, { version })).toMatchObject({ ok: true, protocol: version });
    const refused = await handshake(port, { version });
    expect(refused).toMatchObject({ ok: false, code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    expect(!refused.ok && refused.message).toMatch(/alert number 70/);
  });

  it('serves a certificate valid for 127.0.0.1, and HSTS with the security headers on every response', async () => {
    const health = await httpsGet(`${server.address}/api/health`, certificate);
    expect(health.status).toBe(200);
    expectSecurityHeaders(health.headers);
    expectHsts(health.headers);

    for (const [url, status] of [['/api/no-such-route', 404], ['/api/deposits/%zz', 400]] as const) {
      const failed = await httpsGet(`${server.address}${url}`, certificate);
      expect(failed.status).toBe(status);
      expect(JSON.parse(failed.body)).toMatchObject({ status });
      expectSecurityHeaders(failed.headers);
      expectHsts(failed.headers);
    }
  });

  it('is valid for localhost by name too', async () => {
    const health = await httpsGet(`https://localhost:${port}/api/health`, certificate);
    expect(health.status).toBe(200);
  });
});
