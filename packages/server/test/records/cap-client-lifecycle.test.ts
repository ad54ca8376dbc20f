import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapsule } from '../../src/capsule.js';
import { resolveConfig } from '../../src/config/config.js';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { testDatabases } from '../support/databases.js';

const run = promisify(execFile);
const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const SCRIPT = path.join(ROOT, 'scripts/cap-client-lifecycle.ts');
const EXAMPLE = path.join(ROOT, 'packages/server/test/fixtures/cms-analysis-example.json');

describe.each(testDatabases)('the cap-client lifecycle script against a running server ($dialect)', (database) => {
  let created: Awaited<ReturnType<typeof database.create>>;
  let server: ChildServer;
  let token: string;

  beforeAll(async () => {
    created = await database.create();
    server = await startChildServer(created.dataDir, created.url);
    // Tokens are made beside the running server, as `capsule tokens create` does.
    const capsule = await openCapsule(resolveConfig({ dataDir: created.dataDir, databaseUrl: created.url, logLevel: 'silent' }, {}), { prepare: false });
    token = (await capsule.accounts.createToken('physicist@example.org')).token;
    await capsule.close();
  });
  afterAll(async () => {
    await server.stop();
    await created.drop();
  });

  it('creates, changes, publishes, edits, publishes version 2, and reads the history of a CMS analysis', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', SCRIPT, '--ana-type', 'cms-analysis', '--metadata', EXAMPLE], {
      cwd: ROOT,
      env: { ...process.env, CAP_SERVER_URL: server.url, CAP_ACCESS_TOKEN: token },
    });
    expect(stdout).toMatch(/^create: [0-9a-f]{32}$/m);
    expect(stdout).toMatch(/^publish: CAP\.CMS\.\w{4}\.\w{4}$/m);
    expect(stdout).toMatch(/^versions: \[1,2\]$/m);
    expect(stdout).toMatch(/^revisions: 7$/m);
    expect(stdout).toContain('"op":"replace","path":"/analysis_title","value":"CMS-ANA-2012-049 (preserved), v2"');
  });

  it('fails, printing the message and field paths, on a status it does not expect', async () => {
    const failure = run(process.execPath, ['--import', 'tsx', SCRIPT, '--ana-type', 'no-such-schema', '--metadata', EXAMPLE], {
      cwd: ROOT,
      env: { ...process.env, CAP_SERVER_URL: server.url, CAP_ACCESS_TOKEN: token },
    });
    await expect(failure).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('expected 201, got 400: Unknown schema "no-such-schema".') });
  });
});
