import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';

describe.each(testDatabases)('the HTTP front and the storage ($dialect)', (database) => {
  let instance: TestInstance;
  let api: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database, { bodyLimit: 64 * 1024 });
    await addTestSchemas(instance.capsule);
    api = client(instance.app, (await instance.capsule.accounts.createToken('http@example.org')).token);
  });
  afterAll(() => instance.close());

  it('reports database and storage health', async () => {
    const res = await api.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: { status: 'ok', dialect: database.dialect },
      storage: { status: 'ok', path: instance.capsule.config.dataDir },
    });
  });

  it('gives every response a request id, and echoes a well-formed one', async () => {
    const res = await api.get('/api/health', { 'x-request-id': 'trace-42' });
    expect(res.headers['x-request-id']).toBe('trace-42');
    expect((await api.get('/api/health')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.get('/api/health', { 'x-request-id': 'bad id with spaces' })).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers errors in the CAP shape: unknown route 404, malformed JSON 400, other media 415, too large 413', async () => {
    expect((await api.get('/api/nothing-here')).body).toEqual({ status: 404, message: 'No route for GET /api/nothing-here.', errors: [] });
    const malformed = await api.post('/api/deposits/', '{"$ana_type": "open-test",', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^Malformed JSON/);
    const form = await api.post('/api/deposits/', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.body).toEqual({ status: 415, message: 'Unsupported media type: send application/json.', errors: [] });
    const big = await api.post('/api/deposits/', { $ana_type: 'open-test', blob: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.status).toBe(413);
    const poisoned = await api.post('/api/deposits/', '{"$ana_type":"open-test","__proto__":{"admin":true}}', { 'content-type': 'application/json' });
    expect(poisoned.status).toBe(400);
    const drafts = await api.get('/api/deposits/?size=100');
    expect(drafts.body.hits.total).toBe(0);
  });

  it('never puts a stack trace or SQL in a response', async () => {
    // A deliberately broken database: every query fails, the response stays a plain 500.
    const failing = await startTestInstance(database);
    try {
      const token = (await failing.capsule.accounts.createToken('fail@example.org')).token;
      await failing.capsule.database.db.schema.dropTable('access').execute();
      const res = await client(failing.app, token).post('/api/deposits/', { $ana_type: 'cms-analysis' });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ status: 500, message: 'Internal server error.', errors: [] });
      expect(res.text).not.toMatch(/at |select|insert|access/i);
    } finally {
      await failing.close();
    }
  });

  it('applies migrations once: running them again changes nothing', async () => {
    expect(await migrateToLatest(instance.capsule.database)).toEqual({ applied: [] });
  });
});
