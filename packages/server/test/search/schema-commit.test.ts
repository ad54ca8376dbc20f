import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas, OPEN_SCHEMA } from '../support/test-schemas.js';

describe.each(testDatabases)('a schema commit and the next search ($dialect)', (database) => {
  let instance: TestInstance;
  let owner: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await addTestSchemas(instance.capsule);
    owner = client(instance.app, (await instance.capsule.accounts.createToken('owner@example.org')).token);
  });
  afterAll(() => instance?.close());

  // On PostgreSQL a search is compiled against the fields the previous search saw: this one failed against them.
  it('sorts by a facet that a schema committed just before declares', async () => {
    const before = await owner.get('/api/deposits/?sort=shelf');
    expect(before.status).toBe(400);
    expect(before.body.message).toMatch(/Unknown sort "shelf"/);
    await instance.capsule.schemas.add({ ...OPEN_SCHEMA, name: 'shelved-test', config: { facets: { shelf: '/shelf' } } });
    const after = await owner.get('/api/deposits/?sort=shelf');
    expect(after.status, after.text).toBe(200);
  });
});
