import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig, type ConfigInput } from '../../src/config/config.js';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { handshake, httpsGet } from './tls-probe.js';
import { expectHsts } from './security-header-expectations.js';

/** A certificate for 127.0.0.1 valid from `from` to `to`, as an operator's files would hold it. */
async function certificateFor(keyType: 'rsa' | 'ec', from: Date, to: Date) {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType,
    algorithm: 'sha256',
    notBeforeDate: from,
    notAfterDate: to,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { cert: pems.cert, key: pems.private };
}

const DAY = 24 * 60 * 60 * 1000;

describe('starting with TLS', () => {
  let dataDir: string;
  const running: RunningServer[] = [];

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-tls-start-'));
  });
  afterEach(async () => {
    for (const server of running.splice(0)) await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (input: ConfigInput) => {
    const server = await startServer(resolveConfig({ dataDir, port: 0, logLevel: 'silent', ...input }, {}));
    running.push(server);
    return server;
  };
  const stop = async (server: RunningServer) => {
    running.splice(running.indexOf(server), 1);
    await server.close();
  };
  const write = (name: string, content: string) => {
    const file = path.join(dataDir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const sqliteFile = () => path.join(dataDir, 'capsule.sqlite');
  const portOf = (server: RunningServer) => Number(new URL(server.address).port);

  it('serves an operator RSA certificate from files, with ECDHE only: a client without forward secrecy is refused', async () => {
    const { cert, key } = await certificateFor('rsa', new Date(Date.now() - DAY), new Date(Date.now() + 30 * DAY));
    const server = await start({ tlsCert: write('cert.pem', cert), tlsKey: write('key.pem', key) });
    const port = portOf(server);

    const tls12 = await handshake(port, { version: 'TLSv1.2' });
    expect(tls12).toMatchObject({ ok: true, protocol: 'TLSv1.2' });
    expect(tls12.ok && tls12.cipher).toMatch(/^TLS_ECDHE_RSA_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)$/);

    // Static RSA key exchange (no forward secrecy): a default TLS server would take it, ours does not.
    const staticRsa = 'AES128-GCM-SHA256:AES256-GCM-SHA384';
    const permissive = tls.createServer({ cert, key }, (socket) => socket.end());
    await new Promise<void>((resolve) => permissive.listen(0, '127.0.0.1', resolve));
    try {
      const permissivePort = (permissive.address() as { port: number }).port;
      expect(await handshake(permissivePort, { version: 'TLSv1.2', ciphers: staticRsa })).toMatchObject({ ok: true });
    } finally {
      await new Promise((resolve) => permissive.close(resolve));
    }
    expect(await handshake(port, { version: 'TLSv1.2', ciphers: staticRsa })).toMatchObject({ ok: false, code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' });

    const health = await httpsGet(`${server.address}/api/health`, cert);
    expect(health.status).toBe(200);
    expectHsts(health.headers);
  });

  it('fails at start, before touching the database, when the key file is missing', async () => {
    const { cert } = await certificateFor('ec', new Date(), new Date(Date.now() + DAY * 2));
    const missing = path.join(dataDir, 'no-such-key.pem');
    const attempt = start({ tlsCert: write('cert.pem', cert), tlsKey: missing });
    await expect(attempt).rejects.toThrow(CapsuleError);
    await expect(attempt).rejects.toThrow(`Invalid configuration: tls-key file ${missing} cannot be read`);
    expect(fs.existsSync(sqliteFile())).toBe(false);
  });

  it('fails at start when the key does not belong to the certificate, or a file is not PEM', async () => {
    const one = await certificateFor('ec', new Date(), new Date(Date.now() + DAY * 2));
    const other = await certificateFor('ec', new Date(), new Date(Date.now() + DAY * 2));
    await expect(start({ tlsCert: write('cert.pem', one.cert), tlsKey: write('key.pem', other.key) })).rejects.toThrow(
      /Invalid configuration: tls-cert and tls-key are not a usable certificate and matching private key/,
    );
    await expect(start({ tlsCert: write('notes.txt', 'not a certificate'), tlsKey: write('key.pem', one.key) })).rejects.toThrow(
      /tls-cert and tls-key are not a usable certificate/,
    );
    expect(fs.existsSync(sqliteFile())).toBe(false);
  });

  it('generates the self-signed certificate once and reuses it on the next start', async () => {
    const certFile = path.join(dataDir, 'tls', 'localhost-cert.pem');
    const keyFile = path.join(dataDir, 'tls', 'localhost-key.pem');
    const first = await start({ tls: 'self-signed' });
    const served = await handshake(portOf(first), { version: 'TLSv1.3' });
    const cert = fs.readFileSync(certFile, 'utf8');
    const key = fs.readFileSync(keyFile, 'utf8');
    expect(fs.statSync(keyFile).mode & 0o077).toBe(0);
    expect(served.ok && served.fingerprint256).toBe(new X509Certificate(cert).fingerprint256);
    await stop(first);

    const second = await start({ tls: 'self-signed' });
    expect(fs.readFileSync(certFile, 'utf8')).toBe(cert);
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
    const servedAgain = await handshake(portOf(second), { version: 'TLSv1.2' });
    expect(servedAgain.ok && servedAgain.fingerprint256).toBe(served.ok && served.fingerprint256);
  });

  it('replaces a kept self-signed certificate that has expired', async () => {
    const expired = await certificateFor('ec', new Date(Date.now() - 400 * DAY), new Date(Date.now() - 35 * DAY));
    fs.mkdirSync(path.join(dataDir, 'tls'));
    write('tls/localhost-cert.pem', expired.cert);
    write('tls/localhost-key.pem', expired.key);
    const server = await start({ tls: 'self-signed' });
    const renewed = fs.readFileSync(path.join(dataDir, 'tls', 'localhost-cert.pem'), 'utf8');
    expect(renewed).not.toBe(expired.cert);
    expect((await httpsGet(`${server.address}/api/health`, renewed)).status).toBe(200);
  });
});
