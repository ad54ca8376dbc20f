import type { FastifyInstance } from 'fastify';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any;
  text: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A CAP client over fastify's inject: a token (sent as cap-client does), JSON in, JSON out. */
export function client(app: FastifyInstance, token?: string) {
  async function call(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await app.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `OAuth2 ${token}` } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    let parsed: unknown;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, headers: res.headers, body: parsed, text: res.body };
  }
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body?: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    put: (url: string, body: unknown, headers?: Record<string, string>) => call('PUT', url, body, headers),
    patch: (url: string, ops: unknown, headers: Record<string, string> = {}) =>
      call('PATCH', url, JSON.stringify(ops), { 'content-type': 'application/json-patch+json', ...headers }),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  };
}

export type Client = ReturnType<typeof client>;
