import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../../server/src/config/config.js';
import { startServer, type RunningServer } from '../../../server/src/server.js';

export interface CapsuleInstance {
  server: RunningServer;
  url: string;
  admin: { email: string; password: string };
  close(): Promise<void>;
}

/** A real Capsule on loopback with a fresh data directory, serving the built web app; the first admin as README describes. */
export async function startCapsule(): Promise<CapsuleInstance> {
  const dataDir = await mkdtemp(join(tmpdir(), 'capsule-web-'));
  const server = await startServer(resolveConfig({ dataDir, host: '127.0.0.1', port: 0, logLevel: 'warn' }, {}));
  const text = await readFile(join(dataDir, 'first-admin.txt'), 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  return {
    server,
    url: server.address,
    admin: { email: field('email'), password: field('password') },
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
