import type { FastifyInstance } from 'fastify';
import { openCapsule, type Capsule } from '../../src/capsule.js';
import { resolveConfig, type ConfigInput } from '../../src/config/config.js';
import { buildHttpApp } from '../../src/http/app.js';
import type { TestDatabase } from './databases.js';
import { addTestSchemas } from './test-schemas.js';

export interface TestInstance {
  capsule: Capsule;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** A complete instance on a fresh database, with its HTTP app ready for inject(). */
export async function startTestInstance(database: TestDatabase, config: ConfigInput = {}): Promise<TestInstance> {
  const created = await database.create();
  const capsule = await openCapsule(
    resolveConfig({ dataDir: created.dataDir, databaseUrl: created.url, logLevel: 'silent', baseUrl: 'http://capsule.test', ...config }, {}),
  );
  const app = await buildHttpApp(capsule);
  await app.ready();
  return {
    capsule,
    app,
    close: async () => {
      await app.close();
      await capsule.close();
      await created.drop();
    },
  };
}

/** An instance with the test schemas, listening on a loopback port, and a token for one user: for tests that need real HTTP. */
export async function startListeningInstance(database: TestDatabase, email: string): Promise<{ instance: TestInstance; base: string; token: string }> {
  const instance = await startTestInstance(database);
  await addTestSchemas(instance.capsule);
  const token = (await instance.capsule.accounts.createToken(email)).token;
  const base = await instance.app.listen({ host: '127.0.0.1', port: 0 });
  return { instance, base, token };
}

/**
 * A fresh database with the test schemas and a token for one user, for tests that run the
 * server as a child process; `open()` opens it in this process (to check what the child wrote).
 */
export async function prepareDatabase(database: TestDatabase, email: string) {
  const created = await database.create();
  const open = (): Promise<Capsule> =>
    openCapsule(resolveConfig({ dataDir: created.dataDir, databaseUrl: created.url, logLevel: 'silent', baseUrl: 'http://capsule.test' }, {}));
  const capsule = await open();
  await addTestSchemas(capsule);
  const token = (await capsule.accounts.createToken(email)).token;
  await capsule.close();
  return { ...created, token, open };
}
