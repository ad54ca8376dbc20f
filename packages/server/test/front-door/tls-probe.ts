import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import tls from 'node:tls';

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export type HandshakeResult =
  | { ok: true; protocol: string | null; cipher: string; fingerprint256: string }
  | { ok: false; code: string; message: string };

export interface HandshakeOptions {
  version: TlsVersion;
  /** OpenSSL cipher string the client offers (TLS 1.2 and below). */
  ciphers?: string;
}

/**
 * One TLS handshake with the client pinned to exactly `version`. For TLS 1.0 and 1.1 the client's
 * OpenSSL security level is lowered to 0, or it would not offer them at all (nor the SHA-1
 * signatures they need); whether the *server* takes them is then what the result shows.
 */
export function handshake(port: number, options: HandshakeOptions): Promise<HandshakeResult> {
  const legacy = options.version === 'TLSv1' || options.version === 'TLSv1.1';
  const ciphers = options.ciphers ?? (legacy ? 'DEFAULT@SECLEVEL=0' : undefined);
  return new Promise((resolve) => {
    const socket = tls.connect(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        minVersion: options.version,
        maxVersion: options.version,
        ...(ciphers ? { ciphers } : {}),
        // The handshake is what is under test here, not the certificate (httpsGet checks that).
        rejectUnauthorized: false,
      },
      () => {
        resolve({
          ok: true,
          protocol: socket.getProtocol(),
          cipher: socket.getCipher().standardName,
          fingerprint256: socket.getPeerX509Certificate()!.fingerprint256,
        });
        socket.end();
      },
    );
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, code: e.code ?? '', message: e.message }));
  });
}

export interface HttpsReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET over HTTPS that trusts only `ca`, so the server's certificate and its name are checked too. */
export function httpsGet(url: string, ca: string, headers: Record<string, string> = {}): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.once('error', reject);
  });
}
