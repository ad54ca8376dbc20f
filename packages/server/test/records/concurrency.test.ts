import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startListeningInstance, type TestInstance } from '../support/instance.js';

const CLIENTS = 50;

describe.each(testDatabases)('concurrent writers over HTTP ($dialect)', (database) => {
  let instance: TestInstance;
  let base: string;
  let token: string;

  beforeAll(async () => {
    ({ instance, base, token } = await startListeningInstance(database, 'racer@example.org'));
  });
  afterAll(() => instance.close());

  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': method === 'PATCH' ? 'application/json-patch+json' : 'application/json', ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  async function newDraft(): Promise<string> {
    const res = await request('POST', '/api/deposits/', { $ana_type: 'open-test', counters: [] });
    return ((await res.json()) as { id: string }).id;
  }

  it(`${CLIENTS} clients PATCH with the same If-Match: exactly one 200, the rest 412`, async () => {
    const id = await newDraft();
    const statuses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => request('PATCH', `/api/deposits/${id}`, [{ op: 'add', path: '/counters/-', value: i }], { 'if-match': '"0"' }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(CLIENTS - 1);
    const doc = (await (await request('GET', `/api/deposits/${id}`)).json()) as { revision: number; metadata: { counters: number[] } };
    expect(doc.revision).toBe(1);
    expect(doc.metadata.counters).toHaveLength(1);
  });

  it(`${CLIENTS} clients PATCH without If-Match: all applied, none lost`, async () => {
    const id = await newDraft();
    const statuses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => request('PATCH', `/api/deposits/${id}`, [{ op: 'add', path: '/counters/-', value: i }]).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const doc = (await (await request('GET', `/api/deposits/${id}`)).json()) as { revision: number; metadata: { counters: number[] } };
    expect(doc.revision).toBe(CLIENTS);
    expect([...doc.metadata.counters].sort((a, b) => a - b)).toEqual(Array.from({ length: CLIENTS }, (_, i) => i));
    const history = (await (await request('GET', `/api/deposits/${id}/revisions`)).json()) as { revisions: { revision: number }[] };
    expect(history.revisions.map((r) => r.revision)).toEqual(Array.from({ length: CLIENTS + 1 }, (_, i) => i));
  });
});
