import type { FastifyServerOptions } from 'fastify';
import type { TrustProxySetting } from '../config/trust-proxy-setting.js';

/** The setting as fastify's `trustProxy` option; a hop count trusts the nearest `hops` peers, as fastify does. */
export function fastifyTrustProxy(setting: TrustProxySetting): FastifyServerOptions['trustProxy'] {
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return typeof setting === 'boolean' ? setting : [...setting];
}
