import type { FastifyInstance } from 'fastify';
import type { CapsuleConfig } from './config/config.js';
import { openCapsule, type Capsule } from './capsule.js';
import { buildHttpApp } from './http/app.js';
import { prepareTls } from './http/tls-server-options.js';
import { ensureFirstAdmin, FIRST_ADMIN_EMAIL } from './accounts/first-admin.js';

export interface RunningServer {
  capsule: Capsule;
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:5000 (https:// when it serves TLS). */
  address: string;
  close(): Promise<void>;
}

/** Opens the instance (migrations, built-in schemas) and starts listening, over TLS when configured. */
export async function startServer(config: CapsuleConfig): Promise<RunningServer> {
  // A certificate problem stops the start before the database is touched.
  const tls = await prepareTls(config.tls);
  const capsule = await openCapsule(config);
  const devCertificate = tls?.developmentCertificate;
  if (devCertificate) capsule.log.info({ certificate: devCertificate.file }, devCertificate.generated ? 'generated a self-signed development certificate' : 'reusing the self-signed development certificate');
  const adminFile = await ensureFirstAdmin(capsule.accounts, config.dataDir);
  if (adminFile) capsule.log.warn({ email: FIRST_ADMIN_EMAIL, file: adminFile }, `first start: created the administrator ${FIRST_ADMIN_EMAIL}; its password is in ${adminFile}`);
  const app = await buildHttpApp(capsule, tls?.options);
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
