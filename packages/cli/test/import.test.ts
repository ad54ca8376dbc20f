import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapsule, resolveConfig } from '@capsule/server';

const BIN = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../dist/bin.js');
const SAMPLES = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/fixtures/opendata/samples');
const exec = promisify(execFile);

describe('capsule import and generate', () => {
  let dataDir: string;
  const capsule = (args: string[]) => exec(process.execPath, [BIN, ...args, '--data', dataDir], { env: { ...process.env, CAPSULE_LOG_LEVEL: 'silent' } });
  const published = async (q: string) => {
    const instance = await openCapsule(resolveConfig({ dataDir, logLevel: 'silent' }, {}));
    try {
      return (await instance.records.list({ kind: 'anonymous' }, { q })).total;
    } finally {
      await instance.close();
    }
  };

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-import-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('imports open data files as public records and reports how many, how fast', async () => {
    const files = fs.readdirSync(SAMPLES).map((f) => path.join(SAMPLES, f));
    const expected = files.reduce((n, f) => n + (JSON.parse(fs.readFileSync(f, 'utf8')) as unknown[]).length, 0);
    const { stderr } = await capsule(['import', '--schema', 'opendata-record', '--format', 'opendata', ...files]);
    expect(stderr).toMatch(new RegExp(`^import: ${expected} imported, 0 skipped, 0 failed in [\\d.]+ s \\(\\d+ records/s\\)\\n$`));
    expect(await published('10.7483/OPENDATA.CMS.B8MR.C4A2')).toBe(1);
  });

  it('lists each record that fails, exits 1, and imports the others whole', async () => {
    const file = path.join(dataDir, 'mixed.json');
    fs.writeFileSync(file, JSON.stringify([{ title: 'Qazwsx good record', recid: '1', experiment: ['CMS'], publisher: 'x', date_published: '2020', type: { primary: 'Dataset' } }, { title: 7 }]));
    const failed = await capsule(['import', '--schema', 'opendata-record', file]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('failed mixed.json#1: Validation error.');
    expect(failed?.stderr).toMatch(/\["title"\]/);
    expect(failed?.stderr).toMatch(/import: 1 imported, 0 skipped, 1 failed/);
    expect(await published('qazwsx')).toBe(1);
    await expect(capsule(['import', '--schema', 'opendata-record', '--format', 'marc', file])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown format marc') });
  });

  it('generates seeded synthetic analyses, private when asked', async () => {
    const { stderr } = await capsule(['generate', '--schema', 'cms-analysis', '--count', '25', '--seed', '7', '--private']);
    expect(stderr).toMatch(/^generate: 25 imported, 0 skipped, 0 failed in /);
    expect(await published('collection:cms-analysis')).toBe(0);
    await capsule(['generate', '--schema', 'cms-analysis', '--count', '5', '--seed', '7']);
    expect(await published('collection:cms-analysis')).toBe(5);
    await expect(capsule(['generate', '--schema', 'opendata-record', '--count', '5'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No generator for opendata-record') });
  });
});
