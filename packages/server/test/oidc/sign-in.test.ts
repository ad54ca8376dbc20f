import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { openCapsule, type Capsule } from '../../src/capsule.js';
import { resolveConfig, type CapsuleConfig } from '../../src/config/config.js';
import { buildHttpApp } from '../../src/http/app.js';
import { SESSION_COOKIE } from '../../src/http/authenticate.js';
import { testDatabases } from '../support/databases.js';
import { Browser, locationOf } from './browser.js';
import { startIdentityProvider, type TestIdentityProvider } from './identity-provider.js';
import { visitProvider } from './provider-pages.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(testDatabases)('single sign-on through a real OpenID provider ($dialect)', (database) => {
  let idp: TestIdentityProvider;
  let capsule: Capsule;
  let app: FastifyInstance;
  let config: CapsuleConfig;
  const logLines: string[] = [];
  let drop: () => Promise<void>;
  let base: string;
  let loginUrl: string;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({ clientId: 'capsule', clientSecret: 'capsule-test-secret', redirectUri: `${base}/api/oauth/authorized/cern` });
    config = resolveConfig(
      {
        host: '127.0.0.1',
        port,
        dataDir: created.dataDir,
        databaseUrl: created.url,
        oidcName: 'cern',
        oidcTitle: 'CERN',
        oidcIssuer: idp.issuer,
        oidcClientId: 'capsule',
        oidcClientSecret: 'capsule-test-secret',
        oidcScopes: 'openid email profile groups',
        oidcGroupsClaim: 'groups',
      },
      {},
    );
    capsule = await openCapsule(config, { logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }) });
    app = await buildHttpApp(capsule);
    await app.listen({ host: config.host, port: config.port });
    loginUrl = `${base}/api/oauth/login/cern`;
  });

  afterAll(async () => {
    await app?.close();
    await capsule?.close();
    await idp?.close();
    await drop?.();
  });

  beforeEach(() => {
    idp.accounts.set('alice', { email: 'Alice@cern.ch', email_verified: true, name: 'Alice Physicist', groups: ['cms-members', 'atlas-readers'] });
    idp.accounts.set('mallory', { email: 'mallory@cern.ch', email_verified: false, name: 'Mallory', groups: [] });
    idp.accounts.set('nomail', { email_verified: true, name: 'No Mail', groups: [] });
  });

  /** Who Capsule says the browser is signed in as: the /api/me body, or the error status. */
  async function me(browser: Browser): Promise<{ status: number; body: any }> {
    const response = await browser.get(`${base}/api/me`);
    return { status: response.status, body: await response.json() };
  }

  async function errorOf(response: Response): Promise<{ status: number; message: string }> {
    const body = (await response.json()) as { status: number; message: string; errors: unknown[] };
    expect(body.status).toBe(response.status);
    expect(body.errors).toEqual([]);
    return { status: response.status, message: body.message };
  }

  it('lists the provider for the web app to show a button for', async () => {
    const response = await fetch(`${base}/api/oauth/providers`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ name: 'cern', title: 'CERN', login_url: loginUrl }]);
  });

  it('sends the browser to the provider with PKCE (S256), a state and a nonce', async () => {
    const response = await new Browser().get(`${loginUrl}?next=/deposits`);
    expect(response.status).toBe(302);
    const authorize = locationOf(response, loginUrl);
    expect(authorize.origin).toBe(idp.issuer);
    const q = authorize.searchParams;
    expect(q.get('client_id')).toBe('capsule');
    expect(q.get('redirect_uri')).toBe(`${base}/api/oauth/authorized/cern`);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('openid email profile groups');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{20,}$/);
    // The pending sign-in is stored under the state's hash, never the state itself.
    const rows = await capsule.database.db.selectFrom('oidc_pending_logins').selectAll().execute();
    expect(rows.some((r) => r.state_hash === q.get('state'))).toBe(false);
  });

  it('creates the account at first sign-in, with the groups of the claim, and starts a session', async () => {
    const browser = new Browser();
    const callback = await visitProvider(browser, `${loginUrl}?next=/deposits?page=2`, 'alice');
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(await capsule.accounts.userByEmail('alice@cern.ch')).toBeUndefined();

    const done = await browser.get(callback);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/deposits?page=2');
    const setCookie = done.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);

    const signedIn = await me(browser);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ email: 'alice@cern.ch', profile: { name: 'Alice Physicist' } });
    expect([...signedIn.body.roles].sort()).toEqual(['atlas-readers', 'cms-members']);
    expect(signedIn.body.csrf_token).toBeTruthy();
  });

  it('keeps group memberships in step with the claim at each sign-in, leaving local ones alone', async () => {
    const browser = new Browser();
    await browser.get(await visitProvider(browser, loginUrl, 'alice'));
    const alice = (await capsule.accounts.userByEmail('alice@cern.ch'))!;
    if (!(await capsule.groups.exists('analysis-reviewers'))) await capsule.groups.add('analysis-reviewers');
    await capsule.groups.addMember('analysis-reviewers', alice);

    idp.accounts.get('alice')!.groups = ['cms-members', 'cms-conveners'];
    const again = await browser.get(await visitProvider(browser, loginUrl, 'alice'));
    expect(again.status).toBe(302);
    const signedIn = await me(browser);
    expect(signedIn.body.email).toBe('alice@cern.ch');
    expect([...signedIn.body.roles].sort()).toEqual(['analysis-reviewers', 'cms-conveners', 'cms-members']);
    expect((await capsule.accounts.listUsers()).filter((u) => u.email === 'alice@cern.ch')).toHaveLength(1);
  });

  it('finishes on one instance a sign-in that another began, as behind a load balancer', async () => {
    const other = await openCapsule(config, { logger: pino({ level: 'silent' }) });
    const otherApp = await buildHttpApp(other);
    try {
      const otherBase = await otherApp.listen({ host: '127.0.0.1', port: 0 });
      const browser = new Browser();
      const callback = await visitProvider(browser, loginUrl, 'alice');
      const done = await browser.get(new URL(`${callback.pathname}${callback.search}`, otherBase));
      expect(done.status).toBe(302);
      const session = browser.cookie(otherBase, SESSION_COOKIE)!;
      const signedIn = await fetch(`${base}/api/me`, { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
      expect(((await signedIn.json()) as { email: string }).email).toBe('alice@cern.ch');
    } finally {
      await otherApp.close();
      await other.close();
    }
  });

  it('refuses a callback whose state is not the one it sent, and starts no session', async () => {
    const browser = new Browser();
    const callback = await visitProvider(browser, loginUrl, 'alice');
    callback.searchParams.set('state', 'not-the-state-capsule-sent');
    const response = await browser.get(callback);
    const error = await errorOf(response);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/state does not match/);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(browser.cookie(base, SESSION_COOKIE)).toBeUndefined();
    expect((await me(browser)).status).toBe(401);
  });

  it('refuses the same callback twice', async () => {
    const browser = new Browser();
    const callback = await visitProvider(browser, loginUrl, 'alice');
    expect((await browser.get(callback)).status).toBe(302);

    const attacker = new Browser();
    const replay = await attacker.get(callback);
    const error = await errorOf(replay);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/finished already/);
    expect(attacker.cookie(base, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a used code, even under a state that is in progress', async () => {
    const browser = new Browser();
    const callback = await visitProvider(browser, loginUrl, 'alice');
    expect((await browser.get(callback)).status).toBe(302);

    // A fresh sign-in the attacker started: its state is valid, but the code is the used one.
    const attacker = new Browser();
    const started = locationOf(await attacker.get(loginUrl), loginUrl);
    const forged = new URL(callback);
    forged.searchParams.set('state', started.searchParams.get('state')!);
    const response = await attacker.get(forged);
    const error = await errorOf(response);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/CERN refused the sign-in code \(invalid_grant/);
    expect(attacker.cookie(base, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a sign-in that took too long', async () => {
    const browser = new Browser();
    const callback = await visitProvider(browser, loginUrl, 'alice');
    await capsule.database.db.updateTable('oidc_pending_logins').set({ expires: new Date(Date.now() - 1000).toISOString() }).execute();
    const response = await browser.get(callback);
    const error = await errorOf(response);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/took longer than 10 minutes and expired/);
    expect(browser.cookie(base, SESSION_COOKIE)).toBeUndefined();
    // Used up all the same: a second try does not get past the state.
    expect((await errorOf(await browser.get(callback))).message).toMatch(/finished already/);
  });

  it('reports a sign-in the person cancelled at the provider', async () => {
    const browser = new Browser();
    const callback = await visitProvider(browser, loginUrl, 'alice', { cancel: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const error = await errorOf(await browser.get(callback));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/CERN did not sign you in \(access_denied/);
    expect(browser.cookie(base, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses an email the provider has not verified, and one it does not give', async () => {
    const unverified = new Browser();
    const refused = await errorOf(await unverified.get(await visitProvider(unverified, loginUrl, 'mallory')));
    expect(refused).toEqual({ status: 401, message: expect.stringMatching(/has not verified the email address mallory@cern.ch/) });
    expect(await capsule.accounts.userByEmail('mallory@cern.ch')).toBeUndefined();

    const noEmail = new Browser();
    const missing = await errorOf(await noEmail.get(await visitProvider(noEmail, loginUrl, 'nomail')));
    expect(missing).toEqual({ status: 401, message: expect.stringMatching(/did not give an email address/) });
    expect(noEmail.cookie(base, SESSION_COOKIE)).toBeUndefined();
  });

  it('comes back only to paths on this site', async () => {
    for (const next of ['https://evil.example/steal', '//evil.example/steal', '/\\evil.example', 'javascript:alert(1)']) {
      const browser = new Browser();
      const done = await browser.get(await visitProvider(browser, `${loginUrl}?next=${encodeURIComponent(next)}`, 'alice'));
      expect(done.status).toBe(302);
      expect(done.headers.get('location')).toBe('/');
      expect((await me(browser)).status).toBe(200);
    }
  });

  it('answers 404 for a provider that is not configured', async () => {
    const error = await errorOf(await fetch(`${base}/api/oauth/login/elsewhere`, { redirect: 'manual' }));
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/No sign-in provider "elsewhere"/);
  });

  it('writes no code or state into its logs', async () => {
    const browser = new Browser();
    const callback = await visitProvider(browser, loginUrl, 'alice');
    const before = logLines.length;
    expect((await browser.get(callback)).status).toBe(302);
    const written = logLines.slice(before).join('');
    expect(logLines.join('')).toContain('/api/oauth/login/cern'); // requests are logged
    expect(written).not.toContain(callback.searchParams.get('code')!);
    expect(logLines.join('')).not.toContain(callback.searchParams.get('state')!);
  });

  it('logs a failed callback without its code or state', async () => {
    const browser = new Browser();
    const callback = await visitProvider(browser, loginUrl, 'alice');
    await capsule.database.db.updateTable('oidc_pending_logins').set({ expires: new Date(Date.now() - 1000).toISOString() }).execute();
    const before = logLines.length;
    expect((await browser.get(callback)).status).toBe(400);
    const written = logLines.slice(before).map((line) => JSON.parse(line) as { req?: { url: string }; res?: { statusCode: number } });
    expect(written).toContainEqual(
      expect.objectContaining({ req: expect.objectContaining({ url: expect.stringMatching(/^\/api\/oauth\/authorized\/cern\?code=\[redacted\]&state=\[redacted\]&iss=/) }), res: { statusCode: 400 } }),
    );
    const text = JSON.stringify(written);
    expect(text).not.toContain(callback.searchParams.get('code')!);
    expect(text).not.toContain(callback.searchParams.get('state')!);
  });
});
