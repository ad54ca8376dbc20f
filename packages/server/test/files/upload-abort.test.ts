import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startListeningInstance, type TestInstance } from '../support/instance.js';

describe.each(testDatabases)('an upload the client abandons on loopback ($dialect)', (database) => {
  let instance: TestInstance;
  let base: string;
  let token: string;
  let temporaries: string;

  beforeAll(async () => {
    ({ instance, base, token } = await startListeningInstance(database, 'abandon@example.org'));
    temporaries = path.join(instance.capsule.config.dataDir, 'files', 'tmp');
  });
  afterAll(() => instance.close());

  it('stores nothing and keeps no temporary', async () => {
    const created = await client(instance.app, token).post('/api/deposits/', { $ana_type: 'open-test' });
    const bucket = new URL(created.body.links.bucket).pathname;
    const request = http.request(`${base}${bucket}/abandoned.bin`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-length': 10 * 1024 * 1024 } });
    request.on('error', () => {}); // the client hangs up on purpose
    request.write(randomBytes(256 * 1024));
    await expect.poll(() => fs.readdirSync(temporaries).length, { timeout: 10_000 }).toBe(1);
    request.destroy();
    await expect.poll(() => fs.readdirSync(temporaries).length, { timeout: 10_000 }).toBe(0);
    const listing = await client(instance.app, token).get(bucket);
    expect(listing.body.contents).toEqual([]);
  });
});
