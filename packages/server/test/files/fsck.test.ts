import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFileCheckClean } from '../../src/files/file-check.js';
import { client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';
import { fileClient, pathOf } from './file-client.js';

describe.each(testDatabases)('capsule fsck ($dialect)', (database) => {
  let instance: TestInstance;
  let root: string;
  let bucket: string;
  let files: ReturnType<typeof fileClient>;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await addTestSchemas(instance.capsule);
    root = path.join(instance.capsule.config.dataDir, 'files');
    const token = (await instance.capsule.accounts.createToken('fsck@example.org')).token;
    const created = await client(instance.app, token).post('/api/deposits/', { $ana_type: 'open-test' });
    bucket = pathOf(created.body.links.bucket);
    files = fileClient(instance.app, token);
    for (const key of ['a.bin', 'b.bin', 'c.bin']) expect((await files.put(`${bucket}/${key}`, randomBytes(50_000))).status).toBe(200);
  });
  afterAll(() => instance.close());

  /** Where the store keeps the file under `key`. */
  const locationOf = async (key: string) =>
    (
      await instance.capsule.database.db
        .selectFrom('objects')
        .innerJoin('files', 'files.id', 'objects.file_id')
        .select('files.location')
        .where('objects.key', '=', key)
        .executeTakeFirstOrThrow()
    ).location;

  it('is clean after ordinary uploads, having re-read every byte', async () => {
    const report = await instance.capsule.buckets.check();
    expect(report.checked).toEqual({ files: 3, bytes: 150_000 });
    expect(isFileCheckClean(report)).toBe(true);
  });

  it('reports a changed byte, a missing blob, a stray blob and a temporary; repair removes the temporary only', async () => {
    const flipped = await locationOf('a.bin');
    const bytes = fs.readFileSync(path.join(root, flipped));
    bytes[1234] = bytes[1234]! ^ 0xff;
    fs.writeFileSync(path.join(root, flipped), bytes);
    const gone = await locationOf('b.bin');
    fs.renameSync(path.join(root, gone), path.join(root, 'tmp', 'moved-away'));
    const stray = `ff/${'f'.repeat(62)}-00000000`;
    fs.mkdirSync(path.join(root, 'ff'), { recursive: true });
    fs.writeFileSync(path.join(root, stray), 'not recorded anywhere');

    const report = await instance.capsule.buckets.check();
    expect(report.corrupt).toEqual([expect.objectContaining({ location: flipped, reason: expect.stringMatching(/^sha256 /) })]);
    expect(report.missing).toEqual([expect.objectContaining({ location: gone })]);
    expect(report.unreferencedBlobs).toEqual([{ location: stray, size: 21 }]);
    expect(report.temporaries).toEqual([{ name: 'moved-away', size: 50_000, removed: false }]);
    expect(isFileCheckClean(report)).toBe(false);

    // Within the grace period a temporary may belong to a live upload: kept.
    expect((await instance.capsule.buckets.check({ repair: true })).temporaries[0]!.removed).toBe(false);
    const repaired = await instance.capsule.buckets.check({ repair: true, graceMs: 0 });
    expect(repaired.temporaries).toEqual([{ name: 'moved-away', size: 50_000, removed: true }]);
    expect(fs.existsSync(path.join(root, 'tmp', 'moved-away'))).toBe(false);
    expect(fs.existsSync(path.join(root, stray))).toBe(true);
    const after = await instance.capsule.buckets.check();
    expect(after.temporaries).toEqual([]);
    expect(after.corrupt).toHaveLength(1);
    expect(after.missing).toHaveLength(1);
  });
});
