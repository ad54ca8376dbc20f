import http from 'node:http';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

/** Every route the app registers, seen through an onRoute hook added as the instance is made. */
const registered = vi.hoisted(() => [] as RouteOptions[]);
vi.mock('fastify', async (importOriginal) => {
  const real = await importOriginal<typeof import('fastify')>();
  const withRouteLog = ((options: Parameters<typeof real.default>[0]) => {
    const app = real.default(options);
    // The app is built over HTTPS or HTTP; only the route's method, url and limit are read here.
    app.addHook('onRoute', (route) => void registered.push(route as unknown as RouteOptions));
    return app;
  }) as typeof real.default;
  return { ...real, default: withRouteLog };
});

const BODY_LIMIT = 4096;
const TOO_LARGE = { status: 413, message: 'The request body is larger than this server accepts.', errors: [] };
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
/** Streamed to storage with no body parser: bounded by max-file-size and the bucket quota, in the files service. */
const STREAMED_UPLOADS = new Set(['PUT /api/files/:bucket/*']);

interface BodyRoute {
  method: string;
  url: string;
  limit: number;
}

function bodyRoutes(): BodyRoute[] {
  return registered.flatMap((route) =>
    [route.method]
      .flat()
      .filter((method) => BODY_METHODS.includes(method) && !STREAMED_UPLOADS.has(`${method} ${route.url}`))
      .map((method) => ({ method, url: route.url, limit: route.bodyLimit ?? BODY_LIMIT })),
  );
}

/** A JSON document of exactly `bytes` bytes. */
const jsonOfSize = (bytes: number) => `{"pad":"${'x'.repeat(bytes - 10)}"}`;

describe('body limits on every route that takes a body', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await startTestInstance(testDatabases[0]!, { bodyLimit: BODY_LIMIT });
  });
  afterAll(() => instance.close());

  it('finds the body-taking API routes', () => {
    const urls = bodyRoutes().map((route) => `${route.method} ${route.url}`);
    expect(urls).toEqual(expect.arrayContaining(['POST /api/deposits', 'PUT /api/deposits/:id', 'PATCH /api/deposits/:id', 'POST /api/jsonschemas', 'PUT /api/jsonschemas/:name/:version']));
  });

  it('answers 413 in the CAP error shape to a body one byte over the limit, on each of them', async () => {
    const api = client(instance.app);
    const answers: Record<string, unknown> = {};
    for (const route of bodyRoutes()) {
      const url = route.url.replace(/:[^/]+/g, 'x').replace('*', 'x');
      const payload = jsonOfSize(route.limit + 1);
      expect(payload.length).toBe(route.limit + 1);
      const call = route.method.toLowerCase() as 'post' | 'put';
      const res = await api[call](url, payload, { 'content-type': 'application/json' });
      answers[`${route.method} ${route.url}`] = { status: res.status, body: res.body };
    }
    const expected = Object.fromEntries(Object.keys(answers).map((key) => [key, { status: 413, body: TOO_LARGE }]));
    expect(answers).toEqual(expected);
  });

  it('counts the bytes of a chunked body that announces no length, on a real connection', async () => {
    await instance.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = instance.app.server.address() as { port: number };
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/deposits/', headers: { 'content-type': 'application/json' } }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      });
      request.on('error', reject);
      const json = jsonOfSize(BODY_LIMIT * 4);
      for (let at = 0; at < json.length; at += 1000) request.write(json.slice(at, at + 1000));
      request.end();
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toEqual(TOO_LARGE);
  });
});
