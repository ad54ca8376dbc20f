import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../tooling/static-server.js';

describe('serveStatic', () => {
  let directory: string;
  let server: StaticServer;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'static-'));
    await writeFile(join(directory, 'index.html'), '<p>hi</p>');
    server = await serveStatic(directory);
  });
  afterAll(async () => {
    await server.close();
    await rm(directory, { recursive: true });
  });

  it('serves a file with its type, and answers 404 for one that does not exist', async () => {
    const found = await fetch(`${server.url}/index.html`);
    expect(found.status).toBe(200);
    expect(found.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await found.text()).toBe('<p>hi</p>');
    expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
  });

  it('answers 400 for a path that is not valid percent-encoding, and keeps serving', async () => {
    expect((await fetch(`${server.url}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${server.url}/index.html`)).status).toBe(200);
  });

  it('refuses a path that climbs out of the directory', async () => {
    expect((await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`)).status).toBe(403);
  });
});
