import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { testDatabases } from '../support/databases.js';

/** Nothing listens on port 1 of this machine: a provider that is down. */
const PROVIDERS = [
  { name: 'cern', title: 'CERN', issuer: 'https://auth.cern.ch/auth/realms/cern', client_id: 'capsule', groups_claim: 'cern_roles' },
  { name: 'down', title: 'Down for maintenance', issuer: 'http://127.0.0.1:1/realms/test', client_id: 'capsule' },
];

describe.each(testDatabases)('several sign-in providers ($dialect)', (database) => {
  let instance: TestInstance;
  let api: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database, { oidcProviders: JSON.stringify(PROVIDERS) });
    api = client(instance.app);
  });
  afterAll(() => instance?.close());

  it('lists every provider with its sign-in URL, in the order configured', async () => {
    const listed = await api.get('/api/oauth/providers');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { name: 'cern', title: 'CERN', login_url: 'http://capsule.test/api/oauth/login/cern' },
      { name: 'down', title: 'Down for maintenance', login_url: 'http://capsule.test/api/oauth/login/down' },
    ]);
  });

  it('answers 502 when a provider cannot be reached, and remembers no sign-in', async () => {
    const started = await api.get('/api/oauth/login/down');
    expect(started.status).toBe(502);
    expect(started.body).toEqual({ status: 502, message: expect.stringMatching(/^Cannot read the OpenID configuration of Down for maintenance at http:\/\/127\.0\.0\.1:1\/realms\/test/), errors: [] });
    expect(await instance.capsule.database.db.selectFrom('oidc_pending_logins').selectAll().execute()).toEqual([]);
  });

  it('answers 400 to a callback without a state', async () => {
    const answered = await api.get('/api/oauth/authorized/cern?code=abc');
    expect(answered.status).toBe(400);
    expect(answered.body.message).toMatch(/has no state parameter/);
  });
});
