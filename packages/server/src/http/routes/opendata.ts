import type { FastifyPluginAsync } from 'fastify';
import { openDataInput, parseOpenDataReference } from '../../records/open-data-bridge.js';
import { negotiate } from '../negotiate.js';

/** /api/opendata: bridges from records of the CERN Open Data portal imported here into analyses. */
export const openDataRoutes: FastifyPluginAsync = async (app) => {
  const { records } = app.capsule;

  /** `?doi=` or `?recid=`: the `input_datasets` entry of a CAP analysis made from that open data dataset. */
  app.get('/datasets', async (request) => {
    negotiate(request, ['application/json']);
    return openDataInput(records, request.caller, parseOpenDataReference(request.query as Record<string, unknown>));
  });
};
