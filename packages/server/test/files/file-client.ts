import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

/** Raw-body file calls over inject, as cap-client makes them (`OAuth2 <token>`). */
export function fileClient(app: FastifyInstance, token?: string) {
  const auth: Record<string, string> = token ? { authorization: `OAuth2 ${token}` } : {};
  const read = async (method: 'GET' | 'HEAD', url: string, headers: Record<string, string>) => {
    const res = await app.inject({ method, url, headers: { ...auth, ...headers } });
    return { status: res.statusCode, headers: res.headers, raw: res.rawPayload };
  };
  return {
    async put(url: string, body: Buffer | Readable, headers: Record<string, string> = {}) {
      const res = await app.inject({ method: 'PUT', url, headers: { 'content-type': 'application/octet-stream', ...auth, ...headers }, payload: body });
      return { status: res.statusCode, headers: res.headers, body: res.body ? (JSON.parse(res.body) as any) : undefined };
    },
    get: (url: string, headers: Record<string, string> = {}) => read('GET', url, headers),
    head: (url: string, headers: Record<string, string> = {}) => read('HEAD', url, headers),
  };
}

export const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The path part of an absolute link, for inject. */
export const pathOf = (url: string) => new URL(url).pathname;
