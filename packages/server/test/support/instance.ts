import type { FastifyInstance } from 'fastify';
import { openCapsule, type Capsule } from '../../src/capsule.js';
import { resolveConfig, type ConfigInput } from '../../src/config/config.js';
import { buildHttpApp } from '../../src/http/app.js';
import type { TestDatabase } from './databases.js';

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
