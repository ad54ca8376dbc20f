import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import { startServer } from '../../src/server.js';
import { client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { expectHsts, expectSecurityHeaders } from './security-header-expectations.js';

const sqlite = testDatabases[0]!;
const FORWARDED_HTTPS = { 'x-forwarded-proto': 'https' };

describe('security headers over plain HTTP', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await startTestInstance(sqlite, { bodyLimit: 1024 });
  });
  afterAll(() => instance.close());

  it('are on successful API responses, without HSTS', async () => {
    const res = await client(instance.app).get('/api/health');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res.headers);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('are on error responses: unknown route, unroutable URL, bad credentials, malformed JSON, too large, wrong media type', async () => {
    const api = client(instance.app);
    const errors = [
      await api.get('/api/no-such-route'),
      await api.get('/api/deposits/%zz'),
      await api.get('/api/deposits/', { authorization: 'Basic c2VjcmV0' }),
      await api.post('/api/deposits/', '{"broken":', { 'content-type': 'application/json' }),
      await api.post('/api/deposits/', { blob: 'x'.repeat(2048) }),
      await api.post('/api/deposits/', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' }),
    ];
    expect(errors.map((res) => res.status)).toEqual([404, 400, 401, 400, 413, 415]);
    for (const res of errors) {
      expectSecurityHeaders(res.headers);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      // The CAP error shape, and nothing that looks like a stack trace.
      expect(Object.keys(res.body).sort()).toEqual(['errors', 'message', 'status']);
      expect(res.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d+/);
    }
  });

  it('ignore X-Forwarded-Proto when no proxy is trusted', async () => {
    const res = await client(instance.app).get('/api/health', FORWARDED_HTTPS);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('a trusted proxy that says https', () => {
  // inject() requests come from 127.0.0.1, like a proxy on the same host.
  it.each([
    ['every peer', 'true'],
    ['one hop', '1'],
    ['loopback', 'loopback'],
    ['a CIDR range holding the peer', '10.0.0.0/8, 127.0.0.0/8'],
  ])('gets HSTS when trusting %s', async (_, trustProxy) => {
    const instance = await startTestInstance(sqlite, { trustProxy });
    try {
      const api = client(instance.app);
      const forwarded = await api.get('/api/health', FORWARDED_HTTPS);
      expectSecurityHeaders(forwarded.headers);
      expectHsts(forwarded.headers);
      expect((await api.get('/api/no-such-route', FORWARDED_HTTPS)).headers['strict-transport-security']).toBeDefined();
      // The proxy saying http (or nothing) is plain HTTP.
      expect((await api.get('/api/health', { 'x-forwarded-proto': 'http' })).headers['strict-transport-security']).toBeUndefined();
      expect((await api.get('/api/health')).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await instance.close();
    }
  });

  it('is not believed when the peer is outside the trusted addresses', async () => {
    const instance = await startTestInstance(sqlite, { trustProxy: '10.0.0.0/8,192.168.1.1' });
    try {
      expect((await client(instance.app).get('/api/health', FORWARDED_HTTPS)).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await instance.close();
    }
  });

  it('counts over a real loopback connection to a started server', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-proxy-'));
    const server = await startServer(resolveConfig({ dataDir, port: 0, trustProxy: 'loopback', logLevel: 'silent' }, {}));
    try {
      const forwarded = await fetch(`${server.address}/api/health`, { headers: FORWARDED_HTTPS });
      expectHsts(Object.fromEntries(forwarded.headers));
      const direct = await fetch(`${server.address}/api/health`);
      expect(direct.headers.get('strict-transport-security')).toBeNull();
      expectSecurityHeaders(Object.fromEntries(direct.headers));
    } finally {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
