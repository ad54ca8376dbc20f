import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApiCaching } from '../../src/http/api-caching.js';

describe('caching headers of API answers', () => {
  const app = Fastify();
  beforeAll(async () => {
    registerApiCaching(app);
    app.get('/api/plain', async () => ({}));
    app.get('/api/own-vary', async (_request, reply) => reply.header('vary', 'Accept-Encoding, accept').send({}));
    app.get('/api/own-caching', async (_request, reply) => reply.header('cache-control', 'public, max-age=60').send({}));
    app.get('/page', async () => 'page');
    await app.ready();
  });
  afterAll(() => app.close());

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('makes an answer private and revalidated, varying by Accept, Authorization and Cookie', async () => {
    const res = await get('/api/plain');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers.vary).toBe('Accept, Authorization, Cookie');
  });

  it("adds to a route's own Vary only what it lacks, whatever the case", async () => {
    expect((await get('/api/own-vary')).headers.vary).toBe('Accept-Encoding, accept, Authorization, Cookie');
  });

  it("keeps a route's own Cache-Control, and leaves answers outside /api/ alone", async () => {
    expect((await get('/api/own-caching')).headers['cache-control']).toBe('public, max-age=60');
    const page = await get('/page');
    expect(page.headers['cache-control']).toBeUndefined();
    expect(page.headers.vary).toBeUndefined();
  });
});
