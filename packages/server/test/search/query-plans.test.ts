import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';

/**
 * Queries and page statements are compiled once and kept; what they were compiled against (the
 * fields the schemas declare) changes with a schema write, and the same query must then compile
 * again: refused before the field exists, answered after.
 */
describe.each(testDatabases)('a kept query follows the schemas ($dialect)', (database) => {
  let instance: TestInstance;
  let owner: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    owner = client(instance.app, (await instance.capsule.accounts.createToken('owner@example.org')).token);
  });
  afterAll(() => instance?.close());

  it('refuses a field no schema declares, and answers the same query once a schema declares it', async () => {
    for (let i = 0; i < 2; i++) {
      const refused = await owner.get('/api/deposits/?q=tag:keptfacet');
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain('unknown field "tag"');
    }
    await addTestSchemas(instance.capsule);
    const created = await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', title: 'Kept plan analysis', year: 2021, tags: ['keptfacet'] });
    expect(created.status, created.text).toBe(201);
    for (let i = 0; i < 2; i++) {
      const found = await owner.get('/api/deposits/?q=tag:keptfacet');
      expect(found.status, found.text).toBe(200);
      expect(found.body.hits.hits.map((h: { id: string }) => h.id)).toEqual([created.body.id]);
    }
  });

  it('compiles a query that was answered again when a schema gives its field another type', async () => {
    const levelAs = (version: string, type: 'keyword' | 'number') => ({
      name: 'plans-test',
      version,
      fullname: 'Kept plans test',
      experiment: 'TEST',
      deposit_schema: { type: 'object' },
      config: { search: { fields: { level: { pointer: '/level', type } } } },
    });
    const inRange = async () => {
      const res = await owner.get('/api/deposits/?q=level:[2 TO 10]');
      expect(res.status, res.text).toBe(200);
      const ids = res.body.hits.hits.map((h: { id: string }) => h.id);
      // The total is counted apart from the page (and kept): it must follow the same new type.
      expect(res.body.hits.total).toBe(ids.length);
      return ids;
    };
    await instance.capsule.schemas.add(levelAs('1.0.0', 'keyword'));
    // As words, "5" is not between "2" and "10".
    expect((await owner.post('/api/deposits/', { $ana_type: 'plans-test', level: 5 })).status).toBe(201);
    expect(await inRange()).toEqual([]);
    await instance.capsule.schemas.add(levelAs('2.0.0', 'number'));
    const created = await owner.post('/api/deposits/', { $ana_type: 'plans-test', level: 5 });
    expect(created.status, created.text).toBe(201);
    // Again: the same search, as of the same commit, answered from what the first one kept.
    for (let i = 0; i < 2; i++) expect(await inRange()).toEqual([created.body.id]);
  });
});
