import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a directory of built pages on 127.0.0.1 (a free port), for the browser tests and the benchmark. */
export async function serveStatic(directory: string): Promise<StaticServer> {
  const root = normalize(directory);
  const server: Server = createServer(async (request, response) => {
    const file = fileFor(root, request.url ?? '/');
    if (file === undefined) {
      response.writeHead(400).end();
      return;
    }
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-length': info.size });
    // A file removed between stat and read ends the response instead of throwing in the server.
    createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The file a request names, or undefined when its path is not valid percent-encoding. */
function fileFor(root: string, url: string): string | undefined {
  try {
    return normalize(join(root, decodeURIComponent(new URL(url, 'http://localhost').pathname)));
  } catch {
    return undefined;
  }
}
