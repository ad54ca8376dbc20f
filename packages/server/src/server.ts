import type { FastifyInstance } from 'fastify';
import type { CapsuleConfig } from './config/config.js';
import { openCapsule, type Capsule } from './capsule.js';
import { buildHttpApp } from './http/app.js';

export interface RunningServer {
  capsule: Capsule;
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:5000. */
  address: string;
  close(): Promise<void>;
}

/** Opens the instance (migrations, built-in schemas) and starts listening. */
export async function startServer(config: CapsuleConfig): Promise<RunningServer> {
  const capsule = await openCapsule(config);
  const app = await buildHttpApp(capsule);
  try {
    const address = await app.listen({ host: config.host, port: config.port });
    return {
      capsule,
      app,
      address,
      close: async () => {
        await app.close();
        await capsule.close();
      },
    };
  } catch (e) {
    await app.close();
    await capsule.close();
    throw e;
  }
}
