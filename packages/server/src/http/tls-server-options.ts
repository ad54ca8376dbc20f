import fs from 'node:fs/promises';
import type { ServerOptions } from 'node:https';
import tls from 'node:tls';
import type { TlsSetting } from '../config/tls-setting.js';
import { invalidConfiguration } from '../config/configuration-error.js';
import { developmentCertificate, type CertificatePair } from './self-signed-certificate.js';

/** TLS 1.3 suites, all AEAD. */
const TLS13_SUITES = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

/** TLS 1.2 suites: forward secret (ECDHE) and AEAD (AES-GCM, ChaCha20-Poly1305) only. */
const TLS12_SUITES = [
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
];

/** How this server speaks TLS, whatever the certificate: 1.2 and 1.3 only, modern suites, ours first. */
export const TLS_POLICY = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.3',
  ciphers: [...TLS13_SUITES, ...TLS12_SUITES].join(':'),
  honorCipherOrder: true,
} as const satisfies ServerOptions;

async function readPem(file: string, option: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    throw invalidConfiguration(option, `file ${file} cannot be read: ${(e as Error).message}`);
  }
}

/** Fails now, with the options named, rather than on the first handshake. */
function checkPair(pair: CertificatePair): void {
  try {
    tls.createSecureContext({ ...pair, ...TLS_POLICY });
  } catch (e) {
    throw invalidConfiguration('tls-cert', `and tls-key are not a usable certificate and matching private key: ${(e as Error).message}`);
  }
}

/** What serving TLS takes: fastify's `https` options, and the development certificate when one is used. */
export interface TlsServing {
  readonly options: ServerOptions;
  readonly developmentCertificate?: { readonly file: string; readonly generated: boolean };
}

/** Reads (or, for `self-signed`, makes) the certificate; undefined when the instance serves plain HTTP. */
export async function prepareTls(setting: TlsSetting): Promise<TlsServing | undefined> {
  switch (setting.mode) {
    case 'none':
      return undefined;
    case 'files': {
      const [cert, key] = await Promise.all([readPem(setting.certFile, 'tls-cert'), readPem(setting.keyFile, 'tls-key')]);
      checkPair({ cert, key });
      return { options: { cert, key, ...TLS_POLICY } };
    }
    case 'self-signed': {
      const { cert, key, certFile, generated } = await developmentCertificate(setting.directory);
      return { options: { cert, key, ...TLS_POLICY }, developmentCertificate: { file: certFile, generated } };
    }
  }
}
