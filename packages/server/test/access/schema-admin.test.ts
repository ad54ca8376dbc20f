import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

describe.each(testDatabases)('changing the schema registry over HTTP ($dialect)', (database) => {
  let instance: TestInstance;
  let admin: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await instance.capsule.accounts.ensureUser('root@example.org', { isAdmin: true });
    admin = client(instance.app, (await instance.capsule.accounts.createToken('root@example.org', { scopes: ['deposit:write', 'schemas:admin'] })).token);
  });
  afterAll(() => instance.close());

  const schema = (version: string, extra: Record<string, unknown> = {}) => ({
    name: 'admin-test',
    version,
    experiment: 'TEST',
    deposit_schema: { type: 'object', properties: { title: { type: 'string' }, ...extra } },
  });

  it('adds (201), replaces and deletes a version no record uses yet', async () => {
    const added = await admin.post('/api/jsonschemas/', schema('1.0.0'));
    expect(added.status).toBe(201);
    expect(added.headers.location).toBe('http://capsule.test/api/jsonschemas/admin-test/1.0.0');
    const replaced = await admin.put('/api/jsonschemas/admin-test/1.0.0', schema('1.0.0', { year: { type: 'integer' } }));
    expect(replaced.status).toBe(200);
    expect(replaced.body.deposit_schema.properties.year).toEqual({ type: 'integer' });
    expect((await admin.put('/api/jsonschemas/admin-test/1.0.0', schema('2.0.0'))).status).toBe(400);
    expect((await admin.delete('/api/jsonschemas/admin-test/1.0.0')).status).toBe(204);
    expect((await admin.get('/api/jsonschemas/admin-test/1.0.0')).status).toBe(404);
  });

  it('refuses to change a version a record uses, and validators follow a replacement', async () => {
    await admin.post('/api/jsonschemas/', schema('1.1.0'));
    // The validator compiled now must not survive the replacement below.
    expect((await admin.post('/api/jsonschemas/admin-test/1.1.0/validate', { title: 5 })).body.valid).toBe(false);
    await admin.put('/api/jsonschemas/admin-test/1.1.0', { ...schema('1.1.0'), deposit_schema: { type: 'object' } });
    expect((await admin.post('/api/jsonschemas/admin-test/1.1.0/validate', { title: 5 })).body.valid).toBe(true);
    expect((await admin.post('/api/deposits/', { $ana_type: 'admin-test', title: 'uses it' })).status).toBe(201);
    const put = await admin.put('/api/jsonschemas/admin-test/1.1.0', schema('1.1.0'));
    expect(put.status).toBe(400);
    expect(put.body.message).toBe('admin-test 1.1.0 is used by records and cannot change; add a new version instead.');
    expect((await admin.delete('/api/jsonschemas/admin-test/1.1.0')).status).toBe(400);
  });

  it('refuses to change a shared schema another schema references', async () => {
    await admin.post('/api/jsonschemas/', { name: 'shared-part', version: '1.0.0', kind: 'shared', deposit_schema: { type: 'string' } });
    await admin.post('/api/jsonschemas/', { name: 'uses-part', version: '1.0.0', deposit_schema: { type: 'object', properties: { p: { $ref: '/schemas/shared/shared-part-v1.0.0.json' } } } });
    const res = await admin.delete('/api/jsonschemas/shared-part/1.0.0');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('shared-part 1.0.0 is referenced by uses-part 1.0.0 and cannot change.');
  });

  it('gives uploads that are not schemas a 400 with the reason and where', async () => {
    const notSchema = await admin.post('/api/jsonschemas/', { ...schema('3.0.0'), deposit_schema: { type: 'objekt' } });
    expect(notSchema.status).toBe(400);
    expect(notSchema.body.errors[0].field[0]).toBe('deposit_schema');
    const dangling = await admin.post('/api/jsonschemas/', { ...schema('3.0.1'), deposit_schema: { $ref: '/schemas/shared/nothing-v9.9.9.json' } });
    expect(dangling.status).toBe(400);
    expect(dangling.body.message).toMatch(/resolves nowhere/);
    const semver = await admin.post('/api/jsonschemas/', schema('3.0'));
    expect(semver.body.errors).toEqual([{ field: ['version'], message: 'must be a semantic version such as 1.0.0' }]);
    expect((await admin.get('/api/jsonschemas/admin-test/versions')).body.versions).not.toContain('3.0.0');
  });
});
