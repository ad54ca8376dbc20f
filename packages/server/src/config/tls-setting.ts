import path from 'node:path';
import { invalidConfiguration } from './configuration-error.js';

/**
 * How the instance serves HTTPS itself: not at all (plain HTTP, perhaps behind a proxy that
 * terminates TLS), from a certificate and key file, or with a development certificate for
 * localhost generated once and kept in `directory`.
 */
export type TlsSetting =
  | { readonly mode: 'none' }
  | { readonly mode: 'files'; readonly certFile: string; readonly keyFile: string }
  | { readonly mode: 'self-signed'; readonly directory: string };

export interface TlsOptions {
  /** `self-signed` or `none`. */
  tls: string | undefined;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
}

/** A certificate comes with its key; `self-signed` stands alone. */
export function resolveTlsSetting(options: TlsOptions, dataDir: string): TlsSetting {
  const { tls, tlsCert, tlsKey } = options;
  if (tls !== undefined && tls !== 'self-signed' && tls !== 'none') {
    throw invalidConfiguration('tls', `must be self-signed or none (certificate files go in tls-cert and tls-key), got ${JSON.stringify(tls)}`);
  }
  if (tls === 'self-signed') {
    if (tlsCert !== undefined || tlsKey !== undefined) {
      throw invalidConfiguration('tls', 'self-signed cannot be combined with tls-cert or tls-key');
    }
    return { mode: 'self-signed', directory: path.join(dataDir, 'tls') };
  }
  if (tlsCert === undefined && tlsKey === undefined) return { mode: 'none' };
  if (tls === 'none') throw invalidConfiguration('tls', 'none cannot be combined with tls-cert or tls-key');
  if (tlsCert === undefined) throw invalidConfiguration('tls-key', 'is set without tls-cert; give both');
  if (tlsKey === undefined) throw invalidConfiguration('tls-cert', 'is set without tls-key; give both');
  return { mode: 'files', certFile: path.resolve(tlsCert), keyFile: path.resolve(tlsKey) };
}
