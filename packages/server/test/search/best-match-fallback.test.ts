import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';

type Page = { hits: { hits: { id: string }[]; total: number }; links: Record<string, string> };

describe.each(testDatabases)('best match with nothing to rank ($dialect)', (database) => {
  let instance: TestInstance;
  let owner: Client;
  /** The drafts most recently updated first: the last made, then the first (changed after all were made), then the second. */
  const newestFirst: string[] = [];

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await addTestSchemas(instance.capsule);
    owner = client(instance.app, (await instance.capsule.accounts.createToken('owner@example.org')).token);
    const made: string[] = [];
    for (const title of ['Fallback first', 'Fallback second', 'Fallback third']) {
      const created = await owner.post('/api/deposits/', { $ana_type: 'lifecycle-test', title, year: 2020, tags: ['fallback'] });
      expect(created.status).toBe(201);
      made.push(created.body.id);
      await sleep(5); // distinct update times
    }
    expect((await owner.patch(`/api/deposits/${made[0]}`, [{ op: 'replace', path: '/year', value: 2021 }])).status).toBe(200);
    newestFirst.push(made[0]!, made[2]!, made[1]!);
  });
  afterAll(() => instance?.close());

  const search = async (params: Record<string, string>): Promise<Page> => {
    const res = await owner.get(`/api/deposits/?${new URLSearchParams(params)}`);
    expect(res.status, res.text).toBe(200);
    return res.body as Page;
  };
  const ids = (page: Page) => page.hits.hits.map((h) => h.id);

  // No query, everything, a field alone, and words OR'd with a field (no text part to rank by).
  it.each(['', '*', 'tag:fallback', 'fallback OR year:2021'])('orders q=%j most recently updated first, as mostrecent does', async (q) => {
    const bestMatch = await search({ q, sort: 'bestmatch' });
    expect(ids(bestMatch)).toEqual(newestFirst);
    expect(ids(await search({ q, sort: 'mostrecent' }))).toEqual(newestFirst);
  });

  it('pages the fallback order with a cursor, as mostrecent does', async () => {
    const seen: string[] = [];
    let page = await search({ q: 'tag:fallback', sort: 'bestmatch', size: '1' });
    for (;;) {
      seen.push(...ids(page));
      if (!page.links.next) break;
      const next = new URL(page.links.next);
      expect(next.searchParams.get('after')).toBeTruthy();
      page = await search(Object.fromEntries(next.searchParams));
    }
    expect(seen).toEqual(newestFirst);
  });
});

describe.each(testDatabases.filter((d) => d.dialect === 'postgres'))('a ranked statement without sequential scans ($dialect)', (database) => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await startTestInstance(database);
  });
  afterAll(() => instance?.close());

  it('runs with them off in no transaction of its own (one round trip), and other statements keep them on, also after a failed statement', async () => {
    const { db, indexFirst } = instance.capsule.database;
    const setting = sql<{ seqscan: string; outside: boolean }>`select current_setting('enable_seqscan') as seqscan, now() = statement_timestamp() as outside`;
    expect((await indexFirst!.executeQuery(setting.compile(db))).rows).toEqual([{ seqscan: 'off', outside: true }]);
    await expect(indexFirst!.executeQuery(sql`select 1 / 0`.compile(db))).rejects.toThrow(/division by zero/);
    expect((await indexFirst!.executeQuery(setting.compile(db))).rows).toEqual([{ seqscan: 'off', outside: true }]);
    const after = await sql<{ seqscan: string; outside: boolean }>`select current_setting('enable_seqscan') as seqscan, now() = statement_timestamp() as outside`.execute(db);
    expect(after.rows).toEqual([{ seqscan: 'on', outside: true }]);
  });
});
