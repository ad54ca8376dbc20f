import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES } from '../../src/accounts/account-types.js';
import { startChildServer } from '../support/child-server.js';
import { testDatabases } from '../support/databases.js';
import { prepareDatabase } from '../support/instance.js';

const ROUNDS = 3;
const WRITERS = 8;

/** Writes acknowledged with a 2xx: drafts created, and values appended to them. */
interface Acknowledged {
  drafts: Set<string>;
  values: Map<string, Set<number>>;
}

const countValues = (acked: Acknowledged) => [...acked.values.values()].reduce((n, s) => n + s.size, 0);

/** Each writer creates a draft, then appends numbers to it until the server dies under it. */
async function writeUntilKilled(url: string, token: string, acked: Acknowledged, signal: AbortSignal): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  let value = 0;
  while (!signal.aborted) {
    try {
      const created = await fetch(`${url}/api/deposits/`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ $ana_type: 'open-test', values: [] }),
      });
      if (created.status !== 201) return;
      const id = ((await created.json()) as { id: string }).id;
      acked.drafts.add(id);
      acked.values.set(id, new Set());
      for (let i = 0; i < 25 && !signal.aborted; i++) {
        const v = value++;
        const res = await fetch(`${url}/api/deposits/${id}`, {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json-patch+json' },
          body: JSON.stringify([{ op: 'add', path: '/values/-', value: v }]),
        });
        if (res.status !== 200) return;
        await res.arrayBuffer();
        acked.values.get(id)!.add(v);
      }
    } catch {
      return; // the connection died with the server: this write was never acknowledged
    }
  }
}

describe.each(testDatabases)('a server killed with SIGKILL mid-load loses no acknowledged write ($dialect)', (database) => {
  let created: Awaited<ReturnType<typeof prepareDatabase>>;
  let token: string;
  const open = () => created.open();

  beforeAll(async () => {
    created = await prepareDatabase(database, 'crash@example.org');
    token = created.token;
  });
  afterAll(() => created.drop());

  it(`keeps every acknowledged write and a consistent history over ${ROUNDS} kills`, { timeout: 180_000 }, async () => {
    const acked: Acknowledged = { drafts: new Set(), values: new Map() };
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startChildServer(created.dataDir, created.url);
      const stop = new AbortController();
      const writers = Array.from({ length: WRITERS }, () => writeUntilKilled(server.url, token, acked, stop.signal));
      // Let the load build up (however slow the machine), then kill the server while writes are in flight.
      const target = countValues(acked) + 60 + round * 20;
      const deadline = Date.now() + 30_000;
      while (countValues(acked) < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await server.stop('SIGKILL');
      stop.abort();
      await Promise.all(writers);
    }
    expect(acked.drafts.size).toBeGreaterThan(WRITERS);
    // The kills must land under real load, or the test proves nothing.
    expect(countValues(acked)).toBeGreaterThan(150);

    const capsule = await open();
    try {
      const caller = await capsule.accounts.callerFor((await capsule.accounts.userByEmail('crash@example.org'))!, 'cli', ALL_SCOPES);
      for (const id of acked.drafts) {
        const view = await capsule.deposits.get(caller, id);
        const stored = view.head.metadata.values as number[];
        for (const v of acked.values.get(id)!) expect(stored, `draft ${id} lost value ${v}`).toContain(v);
        // Every committed patch appended one value: the revision counts them, and the history replays to the head.
        expect(view.head.revision).toBe(stored.length);
        const history = await capsule.deposits.revisions(caller, id);
        expect(history.map((r) => r.revision)).toEqual(Array.from({ length: view.head.revision + 1 }, (_, i) => i));
        const rebuilt = await capsule.deposits.revision(caller, id, view.head.revision);
        expect(rebuilt.metadata).toEqual(view.head.metadata);
      }
    } finally {
      await capsule.close();
    }
  });
});
