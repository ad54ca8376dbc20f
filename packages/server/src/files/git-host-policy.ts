import dns from 'node:dns/promises';
import net from 'node:net';
import { CapsuleError } from '../errors/capsule-error.js';
import type { RepositoryRef } from './repository-url.js';

/** Addresses a server must not be made to reach on a user's behalf, unless configured by address. */
const INTERNAL = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.168.0.0', 16], ['192.0.0.0', 24], ['198.18.0.0', 15], ['224.0.0.0', 3],
] as const) INTERNAL.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) INTERNAL.addSubnet(prefix, bits, 'ipv6');

function isInternal(address: string): boolean {
  const family = net.isIPv4(address) ? 'ipv4' : 'ipv6';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? INTERNAL.check(mapped[1]!, 'ipv4') : INTERNAL.check(address, family);
}

/**
 * The address to fetch `repo` from, if its host is on the allow-list and every address it
 * resolves to is public; a loopback or private address is accepted only when the list names
 * that address itself. Git is then pinned to the address checked here, so a second lookup
 * cannot send it elsewhere.
 */
export async function allowedAddress(repo: RepositoryRef, allowList: readonly string[]): Promise<string> {
  const allowed = new Set(allowList.map((h) => h.toLowerCase()));
  if (!allowed.has(repo.hostname)) {
    throw new CapsuleError('bad_request', `Repositories on ${repo.hostname} cannot be fetched: the host is not on this server's list of git hosts.`, [
      { field: ['url'], message: 'host not allowed' },
    ]);
  }
  let addresses: string[];
  try {
    addresses = net.isIP(repo.hostname) ? [repo.hostname] : (await dns.lookup(repo.hostname, { all: true })).map((a) => a.address);
  } catch {
    throw new CapsuleError('bad_gateway', `The host ${repo.hostname} could not be resolved.`);
  }
  const refused = addresses.find((a) => isInternal(a) && !allowed.has(a));
  if (refused !== undefined || addresses.length === 0) {
    throw new CapsuleError('bad_request', `${repo.hostname} resolves to ${refused ?? 'nothing'}, an internal address this server does not fetch from.`, [
      { field: ['url'], message: 'internal address refused' },
    ]);
  }
  return addresses[0]!;
}
