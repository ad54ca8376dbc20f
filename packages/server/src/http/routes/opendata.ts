import type { FastifyPluginAsync } from 'fastify';
import { OpenDataBridge, parseOpenDataReference } from '../../records/open-data-bridge.js';
import { negotiate } from '../negotiate.js';

/** /api/opendata: bridges from records of the CERN Open Data portal imported here into analyses. */
export const openDataRoutes: FastifyPluginAsync = async (app) => {
  const { records, database } = app.capsule;
  const bridge = new OpenDataBridge({ records, db: database.db, dialect: database.dialect });

  /** `?doi=` or `?recid=`: the `input_datasets` entry of a CAP analysis made from that open data dataset. */
  app.get('/datasets', async (request) => {
    negotiate(request, ['application/json']);
    return bridge.inputDataset(request.caller, parseOpenDataReference(request.query as Record<string, unknown>));
  });
};
