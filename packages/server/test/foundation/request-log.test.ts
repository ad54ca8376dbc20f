import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapsule, type Capsule } from '../../src/capsule.js';
import { resolveConfig } from '../../src/config/config.js';
import { buildHttpApp } from '../../src/http/app.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('the request log ($dialect)', (database) => {
  const lines: Record<string, any>[] = [];
  let capsule: Capsule;
  let app: Awaited<ReturnType<typeof buildHttpApp>>;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    capsule = await openCapsule(resolveConfig({ dataDir: created.dataDir, databaseUrl: created.url, logLevel: 'info' }, {}), { logger: pino({ level: 'info' }, sink) });
    app = await buildHttpApp(capsule);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await capsule.close();
    await drop();
  });

  const linesOf = (id: string) => lines.filter((l) => l.reqId === id);

  it('writes one line per request, when it completes: id, method, URL, status and time taken', async () => {
    await app.inject({ url: '/api/health', headers: { 'x-request-id': 'log-ok' } });
    await app.inject({ url: '/api/nothing-here?x=1', headers: { 'x-request-id': 'log-missing' } });
    await app.inject({ url: '/api/deposits/', headers: { 'x-request-id': 'log-refused', authorization: 'Bearer no-such-token' } });
    for (const [id, url, status] of [
      ['log-ok', '/api/health', 200],
      ['log-missing', '/api/nothing-here?x=1', 404],
      ['log-refused', '/api/deposits/', 401],
    ] as const) {
      const [line, ...more] = linesOf(id);
      expect(more).toEqual([]);
      expect(line).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url }, res: { statusCode: status } });
      expect(line!.responseTime).toBeGreaterThan(0);
    }
  });

  it('never writes a token given in the query string (the parameter named in any case) to the log', async () => {
    await app.inject({ url: '/api/deposits/?size=1&access_token=secret-in-the-url&q=x', headers: { 'x-request-id': 'log-token' } });
    await app.inject({ url: '/api/me?ACCESS_TOKEN=other-secret', headers: { 'x-request-id': 'log-token-case' } });
    const [line] = linesOf('log-token');
    expect(line).toMatchObject({ req: { url: '/api/deposits/?size=1&access_token=[redacted]&q=x' }, res: { statusCode: 401 } });
    expect(linesOf('log-token-case')[0]).toMatchObject({ req: { url: '/api/me?ACCESS_TOKEN=[redacted]' } });
    expect(JSON.stringify(lines)).not.toMatch(/secret-in-the-url|other-secret/);
  });

  it('never writes a token whose parameter name is percent-encoded: the query parser decodes names, so it is still a token', async () => {
    const answer = await app.inject({ url: '/api/me?x=1&access%5Ftoken=encoded-secret', headers: { 'x-request-id': 'log-token-encoded' } });
    expect(answer.statusCode).toBe(401);
    expect(linesOf('log-token-encoded')[0]).toMatchObject({ req: { url: '/api/me?x=1&access%5Ftoken=[redacted]' } });
    expect(JSON.stringify(lines)).not.toMatch(/encoded-secret/);
  });
});
