import { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';

/** A PEM certificate and its private key. */
export interface CertificatePair {
  readonly cert: string;
  readonly key: string;
}

export interface DevelopmentCertificate extends CertificatePair {
  readonly certFile: string;
  readonly keyFile: string;
  /** Made on this start (none was kept, or the kept one had expired). */
  readonly generated: boolean;
}

const CERT_FILE = 'localhost-cert.pem';
const KEY_FILE = 'localhost-key.pem';
const VALID_DAYS = 365;
/** A kept certificate this close to expiry is replaced rather than reused. */
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

async function readKept(certFile: string, keyFile: string): Promise<CertificatePair | undefined> {
  try {
    const [cert, key] = await Promise.all([fs.readFile(certFile, 'utf8'), fs.readFile(keyFile, 'utf8')]);
    const expires = Date.parse(new X509Certificate(cert).validTo);
    return expires - Date.now() > RENEW_BEFORE_MS ? { cert, key } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary name so that a concurrent start never reads half a file. */
async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, content, { mode });
  await fs.rename(temporary, file);
}

/** An ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1, valid for a year. */
async function generateForLocalhost(): Promise<CertificatePair> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/**
 * The development certificate kept in `directory`: generated on the first start, reused on
 * the next ones until it nears expiry. For trying HTTPS locally; browsers will warn about it.
 */
export async function developmentCertificate(directory: string): Promise<DevelopmentCertificate> {
  const certFile = path.join(directory, CERT_FILE);
  const keyFile = path.join(directory, KEY_FILE);
  const kept = await readKept(certFile, keyFile);
  if (kept) return { ...kept, certFile, keyFile, generated: false };
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const fresh = await generateForLocalhost();
  await writeAtomically(keyFile, fresh.key, 0o600);
  await writeAtomically(certFile, fresh.cert, 0o644);
  return { ...fresh, certFile, keyFile, generated: true };
}
