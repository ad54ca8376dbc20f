import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../dist/bin.js');
const EXAMPLE = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../server/test/fixtures/cms-analysis-example.json');
const exec = promisify(execFile);

describe('the capsule command', () => {
  let dataDir: string;
  const capsule = (args: string[], input?: string) => {
    const run = exec(process.execPath, [BIN, ...args, '--data', dataDir], { env: { ...process.env, CAPSULE_LOG_LEVEL: 'silent' } });
    if (input !== undefined) {
      run.child.stdin!.end(input);
    }
    return run;
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates a token and prints only the token', async () => {
    const { stdout } = await capsule(['tokens', 'create', 'physicist@example.org']);
    expect(stdout).toMatch(/^cap_[\w-]{43}\n$/);
  });

  it('adds users with a password from standard input, groups and grants; errors exit 1 with a message', async () => {
    expect((await capsule(['users', 'add', 'admin@example.org', '--admin', '--password-stdin'], 'a long enough password\n')).stdout).toBe('added admin@example.org (admin)\n');
    await expect(capsule(['users', 'add', 'admin@example.org'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('exists already') });
    await expect(capsule(['users', 'add', 'short@example.org', '--password-stdin'], 'short\n')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('at least 10 characters') });
    await capsule(['groups', 'add', 'cms-members']);
    expect((await capsule(['groups', 'add-member', 'cms-members', 'physicist@example.org'])).stdout).toBe('added physicist@example.org to cms-members\n');
    expect((await capsule(['groups', 'list'])).stdout).toBe('cms-members\tphysicist@example.org\n');
    await capsule(['grants', 'add', '--schema', 'cms-analysis', '--action', 'deposit-create', '--group', 'cms-members']);
    expect((await capsule(['grants', 'list'])).stdout).toBe('cms-analysis\tdeposit-create\tgroup\tcms-members\n');
    await expect(capsule(['grants', 'add', '--schema', 'cms-analysis', '--action', 'deposit-own', '--everyone'])).rejects.toMatchObject({ code: 1 });
    expect((await capsule(['users', 'list'])).stdout).toContain('admin@example.org\tadmin\tactive');
    await capsule(['users', 'disable', 'admin@example.org']);
    expect((await capsule(['users', 'list'])).stdout).toContain('admin@example.org\tadmin\tdisabled');
  });

  // Goes on from the accounts, group and grant the test before made.
  it('refuses a grant on an unknown or shared schema and a member without an account; removes a member', async () => {
    await expect(capsule(['grants', 'add', '--schema', 'no-such-analysis', '--action', 'deposit-create', '--everyone'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Schema no-such-analysis does not exist'),
    });
    await expect(capsule(['grants', 'add', '--schema', 'collision', '--action', 'deposit-create', '--everyone'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('collision is a shared schema'),
    });
    expect((await capsule(['grants', 'list'])).stdout).toBe('cms-analysis\tdeposit-create\tgroup\tcms-members\n');
    await expect(capsule(['groups', 'add-member', 'cms-members', 'nobody@example.org'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No user nobody@example.org') });
    await capsule(['groups', 'add-member', 'cms-members', 'admin@example.org']);
    expect((await capsule(['groups', 'remove-member', 'cms-members', 'admin@example.org'])).stdout).toBe('removed admin@example.org from cms-members\n');
    expect((await capsule(['groups', 'list'])).stdout).toBe('cms-members\tphysicist@example.org\n');
  });

  it('creates, lists, gets and publishes drafts with --json, while a server runs on the same database', async () => {
    const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve) => {
      readline.createInterface({ input: server.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; address?: string };
        if (entry.msg === 'Capsule is ready') resolve(entry.address!);
      });
    });
    try {
      const doc = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
      const file = path.join(dataDir, 'draft.json');
      fs.writeFileSync(file, JSON.stringify({ $ana_type: 'cms-analysis', ...doc }));
      const created = JSON.parse((await capsule(['deposits', 'create', file, '--as', 'physicist@example.org', '--json'])).stdout);
      expect(created).toMatchObject({ type: 'deposit', status: 'draft', schema: { name: 'cms-analysis' } });
      const listed = JSON.parse((await capsule(['deposits', 'list', '--as', 'physicist@example.org', '--json'])).stdout);
      expect(listed.id ?? listed[0].id).toBe(created.id);
      const published = JSON.parse((await capsule(['deposits', 'publish', created.id, '--as', 'physicist@example.org', '--json'])).stdout);
      expect(published.recid).toMatch(/^CAP\.CMS\./);
      // The running server sees what the command wrote.
      const token = (await capsule(['tokens', 'create', 'physicist@example.org'])).stdout.trim();
      const res = await fetch(`${url}/api/records/${published.recid}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { draft_id: string }).draft_id).toBe(created.id);
      await expect(capsule(['deposits', 'get', created.id, '--as', 'nobody@example.org'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No user nobody@example.org') });
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('fsck reports a temporary left by an unfinished upload, exits 1, and removes it with --repair', async () => {
    const temporary = path.join(dataDir, 'files', 'tmp', 'left-over');
    fs.writeFileSync(temporary, 'partial');
    await expect(capsule(['fsck'])).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/^checked \d+ files, \d+ bytes\ntemporary: left-over \(7 bytes\) from an unfinished upload\nproblems found\n$/),
    });
    await expect(capsule(['fsck', '--repair', '--grace', '-1'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--grace must be a number of seconds') });
    expect(fs.existsSync(temporary)).toBe(true);
    const repaired = await capsule(['fsck', '--repair', '--grace', '0']);
    expect(repaired.stdout).toContain('temporary: left-over (7 bytes) from an unfinished upload, removed\nclean\n');
    expect(fs.existsSync(temporary)).toBe(false);
    expect(JSON.parse((await capsule(['fsck', '--json'])).stdout)).toMatchObject({ corrupt: [], missing: [], temporaries: [] });
  });
});
