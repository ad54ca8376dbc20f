import fs from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';

type Check = { status: 'ok' } | { status: 'error'; error: string };

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await probe();
    return { status: 'ok' };
  } catch (e) {
    return { status: 'error', error: (e as Error).message };
  }
}

/** GET /api/health: whether the database answers and the data directory can be written. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', async (_request, reply) => {
    const { database, config } = app.capsule;
    const [db, storage] = await Promise.all([
      check(() => database.ping()),
      check(() => fs.access(config.dataDir, fs.constants.R_OK | fs.constants.W_OK)),
    ]);
    const ok = db.status === 'ok' && storage.status === 'ok';
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'error',
      database: { ...db, dialect: database.dialect },
      storage: { ...storage, path: config.dataDir },
    });
  });
};
