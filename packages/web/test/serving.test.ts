import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_APP_DIR, webAppRoutes } from '../../server/src/http/web-app.js';
import { startCapsule, type CapsuleInstance } from './support/capsule-instance.js';

const html = { accept: 'text/html,application/xhtml+xml' };

describe('the server serves the web application', () => {
  let capsule: CapsuleInstance;
  beforeAll(async () => {
    capsule = await startCapsule();
  });
  afterAll(() => capsule?.close());

  it('answers / and any deep link a browser asks for with the app, under the strict policy', async () => {
    for (const path of ['/', '/drafts/0123abcd', '/records/CAP.CMS.AB12.CD34?version=2', '/search?q=muon&in=drafts']) {
      const response = await fetch(capsule.url + path, { headers: html });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<div id="root"></div>');
    }
  });

  it('has no inline script or style for the policy to refuse', async () => {
    const index = await readFile(join(WEB_APP_DIR, 'index.html'), 'utf8');
    expect(index).not.toMatch(/<style|<script(?![^>]*\bsrc=)/);
    expect(index).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
  });

  it('serves built assets to be cached for good, and 404s for missing ones', async () => {
    const [asset] = (await readdir(join(WEB_APP_DIR, 'assets'))).filter((f) => f.endsWith('.js'));
    const response = await fetch(`${capsule.url}/assets/${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${capsule.url}/assets/missing.js`)).status).toBe(404);
  });

  it('leaves the API and the raw schemas their own 404s', async () => {
    for (const path of ['/api/no-such-thing', '/schemas/no-such-schema.json']) {
      const response = await fetch(capsule.url + path, { headers: html });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { status: number }).status).toBe(404);
    }
  });

  it('says how to build the app when it has not been built', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'capsule-web-unbuilt-'));
    const app = Fastify();
    await app.register(webAppRoutes, { root: empty });
    const response = await app.inject({ url: '/drafts/x', headers: html });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build');
    await app.close();
    await rm(empty, { recursive: true });
  });
});
