import net from 'node:net';
import { invalidConfiguration } from './configuration-error.js';

/**
 * Whose `X-Forwarded-*` headers are believed (passed to fastify's `trustProxy`): nobody
 * (the default), every peer, the nearest N hops, or peers at these addresses, CIDR ranges or
 * the names `loopback`, `linklocal` and `uniquelocal`.
 */
export type TrustProxySetting = boolean | number | readonly string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export function parseTrustProxy(raw: string | number | undefined): TrustProxySetting {
  if (raw === undefined) return false;
  const text = String(raw).trim();
  if (text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 100) throw invalidConfiguration('trust-proxy', `hop count must be from 1 to 100 (false trusts no proxy), got ${text}`);
    return hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) {
    throw invalidConfiguration(
      'trust-proxy',
      `must be true, false, a hop count, or a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal; ${JSON.stringify(bad)} is none of these`,
    );
  }
  return entries;
}
