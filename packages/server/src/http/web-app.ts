import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** The built single-page app: packages/web/dist, found from this file in src/http or dist/http alike. */
export const WEB_APP_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths the app never answers: the API and the raw schemas keep their own 404s. */
const API_PATHS = /^\/(?:api|schemas)(?:\/|$)/;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Capsule</title></head>
<body><h1>Capsule</h1><p>The web application has not been built. Run <code>npm run build</code> and reload this page.</p>
<p>The API is available under <a href="/api/health">/api/</a>.</p></body></html>
`;

/** The URL's path, percent-decoded; undefined when it is not valid percent-encoding. */
function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the web application at `/`: its files as they are on disk (looked up per request, so a
 * rebuild needs no restart), and index.html for any other page a browser asks for, so that deep
 * links survive a reload (history-API routing). Registered last: every API route wins over it.
 */
export const webAppRoutes: FastifyPluginAsync<{ root?: string }> = async (app, options) => {
  const root = options.root ?? WEB_APP_DIR;
  await app.register(fastifyStatic, { root, serve: false, index: false });

  async function answer(request: FastifyRequest, reply: FastifyReply) {
    const pathname = decodedPath(request.url);
    if (pathname === undefined || API_PATHS.test(pathname)) return reply.callNotFound();
    const file = path.join(root, pathname);
    if (file.startsWith(root + path.sep) && existsSync(file) && statSync(file).isFile()) {
      // Vite names assets by content hash: they never change, so browsers may keep them.
      const immutable = pathname.startsWith('/assets/');
      return reply.sendFile(path.relative(root, file), { immutable, maxAge: immutable ? '365d' : 0 });
    }
    if (!wantsHtml(request)) return reply.callNotFound();
    if (!existsSync(path.join(root, 'index.html'))) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  }

  app.get('/', answer);
  app.get('/*', answer);
};
