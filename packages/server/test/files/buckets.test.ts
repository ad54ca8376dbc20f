import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalDiskStore } from '../../src/files/local-disk-store.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';
import { fileClient, md5, pathOf, sha256 } from './file-client.js';

const MAX_FILE = 8 * 1024 * 1024;
const QUOTA = 20 * 1024 * 1024;

/** Every blob and temporary under the instance's file store. */
function storedFiles(dataDir: string): { blobs: string[]; temporaries: string[] } {
  const root = path.join(dataDir, 'files');
  const blobs: string[] = [];
  let temporaries: string[] = [];
  for (const dir of fs.readdirSync(root)) {
    if (dir === 'tmp') temporaries = fs.readdirSync(path.join(root, dir));
    else blobs.push(...fs.readdirSync(path.join(root, dir)).map((f) => `${dir}/${f}`));
  }
  return { blobs, temporaries };
}

/** A draft bucket's link: its id a UUID version 7, dashed, time-ordered so new buckets append to the id index. */
const DRAFT_BUCKET_URL = /^http:\/\/capsule\.test\/api\/files\/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(testDatabases)('file buckets over the CAP API ($dialect)', (database) => {
  let instance: TestInstance;
  let dataDir: string;
  let owner: Client;
  let other: Client;
  let reader: Client;
  let ownerFiles: ReturnType<typeof fileClient>;
  let otherFiles: ReturnType<typeof fileClient>;
  let readerFiles: ReturnType<typeof fileClient>;
  let ownerToken: string;

  beforeAll(async () => {
    instance = await startTestInstance(database, { maxFileSize: MAX_FILE, bucketQuota: QUOTA });
    dataDir = instance.capsule.config.dataDir;
    await addTestSchemas(instance.capsule);
    const { accounts } = instance.capsule;
    const tokens = {
      owner: (await accounts.createToken('files-owner@example.org')).token,
      other: (await accounts.createToken('files-other@example.org')).token,
      reader: (await accounts.createToken('files-reader@example.org')).token,
    };
    ownerToken = tokens.owner;
    owner = client(instance.app, tokens.owner);
    other = client(instance.app, tokens.other);
    reader = client(instance.app, tokens.reader);
    ownerFiles = fileClient(instance.app, tokens.owner);
    otherFiles = fileClient(instance.app, tokens.other);
    readerFiles = fileClient(instance.app, tokens.reader);
  });
  afterAll(() => instance.close());

  /** A new draft and the path of its bucket. */
  const draft = async () => {
    const res = await owner.post('/api/deposits/', { $ana_type: 'open-test', title: 'With files' });
    expect(res.status).toBe(201);
    expect(res.body.links.bucket).toMatch(DRAFT_BUCKET_URL);
    expect(res.body.files).toEqual([]);
    return { id: res.body.id as string, bucket: pathOf(res.body.links.bucket) };
  };

  it('lets the store free the chunks of a body read from a socket, never those of an injected body, which may be its caller\'s own buffer', async () => {
    const stage = vi.spyOn(LocalDiskStore.prototype, 'stage');
    try {
      const { bucket } = await draft();
      const bytes = randomBytes(200_000);
      expect((await ownerFiles.put(`${bucket}/injected.bin`, bytes)).status).toBe(200);
      expect(stage.mock.calls.at(-1)?.[3]).toEqual({ releaseChunks: false });
      expect(bytes.length).toBe(200_000);
      const base = await instance.app.listen({ host: '127.0.0.1', port: 0 });
      const sent = await fetch(`${base}${bucket}/socket.bin`, { method: 'PUT', body: bytes, headers: { authorization: `Bearer ${ownerToken}` } });
      expect(sent.status).toBe(200);
      expect(((await sent.json()) as { checksum: string }).checksum).toBe(`md5:${md5(bytes)}`);
      expect(stage.mock.calls.at(-1)?.[3]).toEqual({ releaseChunks: true });
    } finally {
      stage.mockRestore();
    }
  });

  describe('round trips', () => {
    it.each([
      ['zeros', Buffer.alloc(1024 * 1024)],
      ['random bytes', randomBytes(3 * 1024 * 1024 + 17)],
      ['a 0-byte file', Buffer.alloc(0)],
      ['every byte value', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
    ])('stores and returns %s byte for byte, with md5 and sha256', async (_name, bytes) => {
      const { id, bucket } = await draft();
      const put = await ownerFiles.put(`${bucket}/code/data.bin`, bytes);
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ key: 'code/data.bin', size: bytes.length, checksum: `md5:${md5(bytes)}`, sha256: sha256(bytes) });
      expect(put.body.version_id).toMatch(/^[0-9a-f-]{36}$/);
      const got = await ownerFiles.get(`${bucket}/code/data.bin`);
      expect(got.status).toBe(200);
      expect(got.headers['content-length']).toBe(String(bytes.length));
      expect(got.headers.etag).toBe(`"md5:${md5(bytes)}"`);
      expect(Buffer.compare(got.raw, bytes)).toBe(0);

      const item = await owner.get(`/api/deposits/${id}`);
      expect(item.body.files).toEqual([expect.objectContaining({ key: 'code/data.bin', size: bytes.length, checksum: `md5:${md5(bytes)}`, tags: {} })]);
      expect(item.body.files[0].bucket).toBe(bucket.split('/').pop());
      const list = await owner.get(`/api/deposits/${id}/files`);
      expect(list.body).toEqual([{ id: put.body.version_id, filename: 'code/data.bin', filesize: bytes.length, checksum: `md5:${md5(bytes)}` }]);
    });

    it('keeps tags from X-CAP-File-Tags and lists the bucket', async () => {
      const { bucket } = await draft();
      const put = await ownerFiles.put(`${bucket}/notes/readme%20first.txt`, Buffer.from('hello'), { 'x-cap-file-tags': 'type=notes&lang=en' });
      expect(put.status).toBe(200);
      expect(put.body.key).toBe('notes/readme first.txt');
      expect(put.body.tags).toEqual({ type: 'notes', lang: 'en' });
      const listing = await owner.get(bucket);
      expect(listing.status).toBe(200);
      expect(listing.body).toMatchObject({ locked: false, size: 5, quota_size: QUOTA, max_file_size: MAX_FILE });
      expect(listing.body.contents.map((o: { key: string }) => o.key)).toEqual(['notes/readme first.txt']);
      expect(pathOf(listing.body.contents[0].links.self)).toBe(`${bucket}/notes/readme%20first.txt`);
    });

    it('names the file in Content-Disposition, escaped as RFC 8187 requires', async () => {
      const { bucket } = await draft();
      expect((await ownerFiles.put(`${bucket}/fits/it's%20(v2)*.txt`, Buffer.from('fit'))).status).toBe(200);
      const got = await ownerFiles.get(`${bucket}/fits/it's%20(v2)*.txt`);
      expect(got.headers['content-disposition']).toBe("attachment; filename*=UTF-8''it%27s%20%28v2%29%2A.txt");
    });

    it('stores identical content once, and a clone refers to the same files', async () => {
      const bytes = randomBytes(100_000);
      const a = await draft();
      const b = await draft();
      const before = storedFiles(dataDir).blobs.length;
      expect((await ownerFiles.put(`${a.bucket}/x.bin`, bytes)).status).toBe(200);
      expect((await ownerFiles.put(`${a.bucket}/copy/x.bin`, bytes)).status).toBe(200);
      expect((await ownerFiles.put(`${b.bucket}/y.bin`, bytes)).status).toBe(200);
      const clone = await owner.post(`/api/deposits/${a.id}/actions/clone`);
      expect(clone.status).toBe(201);
      expect(clone.body.files.map((f: { key: string }) => f.key)).toEqual(['copy/x.bin', 'x.bin']);
      expect(clone.body.links.bucket).toMatch(DRAFT_BUCKET_URL);
      expect(clone.body.links.bucket).not.toBe(`http://capsule.test${a.bucket}`);
      expect(Buffer.compare((await ownerFiles.get(`${pathOf(clone.body.links.bucket)}/x.bin`)).raw, bytes)).toBe(0);
      expect(storedFiles(dataDir).blobs.length).toBe(before + 1);
    });

    it('deletes an object (204), then it is gone, and its blob with it once nothing refers to it', async () => {
      const { bucket } = await draft();
      const bytes = randomBytes(4096);
      const put = await ownerFiles.put(`${bucket}/gone.bin`, bytes);
      expect(put.status).toBe(200);
      const blobsWith = storedFiles(dataDir).blobs.length;
      expect((await owner.delete(`${bucket}/gone.bin`)).status).toBe(204);
      expect((await ownerFiles.get(`${bucket}/gone.bin`)).status).toBe(404);
      expect((await owner.delete(`${bucket}/gone.bin`)).status).toBe(404);
      expect(storedFiles(dataDir).blobs.length).toBe(blobsWith - 1);
      // The key is free again; the old version's link no longer answers.
      const again = await ownerFiles.put(`${bucket}/gone.bin`, bytes);
      expect(again.status).toBe(200);
      expect((await ownerFiles.get(pathOf(again.body.links.version) + `?versionId=${again.body.version_id}`)).status).toBe(200);
      expect((await ownerFiles.get(`${bucket}/gone.bin?versionId=${put.body.version_id}`)).status).toBe(404);
    });
  });

  describe('Range and ETag', () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    let url: string;
    beforeAll(async () => {
      url = `${(await draft()).bucket}/range.bin`;
      expect((await ownerFiles.put(url, bytes)).status).toBe(200);
    });

    it.each([
      ['bytes=0-9', 0, 9],
      ['bytes=990-', 990, 999],
      ['bytes=-5', 995, 999],
      ['bytes=500-5000', 500, 999],
    ])('%s answers 206 with that span', async (range, start, end) => {
      const res = await ownerFiles.get(url, { range });
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/1000`);
      expect(Buffer.compare(res.raw, bytes.subarray(start, end + 1))).toBe(0);
    });

    it('a range past the end is 416 with the size; a stale If-Range gets the whole file', async () => {
      const res = await ownerFiles.get(url, { range: 'bytes=1000-' });
      expect(res.status).toBe(416);
      expect(res.headers['content-range']).toBe('bytes */1000');
      const stale = await ownerFiles.get(url, { range: 'bytes=0-9', 'if-range': '"md5:0"' });
      expect(stale.status).toBe(200);
      expect(stale.raw.length).toBe(1000);
    });

    it('HEAD answers what GET would, whole or a span, without a body and without reading the file', async () => {
      const reads = vi.spyOn(instance.capsule.buckets, 'read');
      try {
        for (const [headers, status, length] of [[{}, 200, 1000], [{ range: 'bytes=990-' }, 206, 10]] as const) {
          const [got, head] = [await ownerFiles.get(url, headers), await ownerFiles.head(url, headers)];
          expect(head.status).toBe(status);
          expect(head.headers['content-length']).toBe(String(length));
          for (const name of ['etag', 'content-range', 'content-type', 'content-disposition', 'accept-ranges']) expect(head.headers[name], name).toBe(got.headers[name]);
          expect(head.raw.length).toBe(0);
        }
        expect(reads).toHaveBeenCalledTimes(2); // the two GETs
        // Its refusals are GET's too (an error's body is left out by the HTTP server, which injected calls bypass).
        const etag = (await ownerFiles.head(url)).headers.etag as string;
        const notModified = await ownerFiles.head(url, { 'if-none-match': etag });
        const pastTheEnd = await ownerFiles.head(url, { range: 'bytes=1000-' });
        const missing = await ownerFiles.head(`${url}.gone`);
        expect([notModified.status, pastTheEnd.status, missing.status]).toEqual([304, 416, 404]);
        expect(pastTheEnd.headers['content-range']).toBe('bytes */1000');
        expect(notModified.raw.length).toBe(0);
        expect(reads).toHaveBeenCalledTimes(2);
      } finally {
        reads.mockRestore();
      }
    });

    it('If-None-Match with the ETag is 304', async () => {
      const etag = (await ownerFiles.get(url)).headers.etag as string;
      expect((await ownerFiles.get(url, { 'if-none-match': etag })).status).toBe(304);
    });
  });

  describe('refusals', () => {
    it('an existing key is 400 and the first file stays', async () => {
      const { bucket } = await draft();
      expect((await ownerFiles.put(`${bucket}/a.txt`, Buffer.from('first'))).status).toBe(200);
      const again = await ownerFiles.put(`${bucket}/a.txt`, Buffer.from('second'));
      expect(again.status).toBe(400);
      expect(again.body.message).toMatch(/already exists/);
      expect((await ownerFiles.get(`${bucket}/a.txt`)).raw.toString()).toBe('first');
    });

    it.each([
      ['..', '..%2Fescape.txt'],
      ['a/../b', 'a/..%2Fb'],
      ['a/./b', 'a/.%2Fb'],
      ['an absolute key', '%2Fetc%2Fpasswd'],
      ['an empty segment', 'a//b'],
      ['a control character', 'a%01b'],
      ['a backslash', 'a%5C..%5Cb'],
      ['a key over 1,024 bytes', 'k'.repeat(1025)],
    ])('%s is 400 and stores nothing', async (_name, key) => {
      const { bucket } = await draft();
      const res = await ownerFiles.put(`${bucket}/${key}`, Buffer.from('x'));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/Invalid file key/);
      expect((await owner.get(bucket)).body.contents).toEqual([]);
    });

    it('a declared length over the file limit is 413 before the body is read', async () => {
      const { bucket } = await draft();
      const res = await ownerFiles.put(`${bucket}/big.bin`, Buffer.alloc(16), { 'content-length': String(MAX_FILE + 1) });
      expect(res.status).toBe(413);
      expect(res.headers.connection).toBe('close');
    });

    it('a body that outgrows the file limit mid-stream is 413 and leaves nothing behind', async () => {
      const { bucket } = await draft();
      const before = storedFiles(dataDir);
      const chunks = Array.from({ length: 9 }, () => randomBytes(1024 * 1024));
      const res = await ownerFiles.put(`${bucket}/big.bin`, Readable.from(chunks));
      expect(res.status).toBe(413);
      expect(res.body.message).toMatch(/at most 8388608 bytes/);
      expect((await ownerFiles.get(`${bucket}/big.bin`)).status).toBe(404);
      expect(storedFiles(dataDir)).toEqual(before);
    });

    it('the bucket quota is 413, declared or discovered mid-stream', async () => {
      const { bucket } = await draft();
      for (const name of ['a', 'b']) expect((await ownerFiles.put(`${bucket}/${name}`, randomBytes(MAX_FILE))).status).toBe(200);
      const declared = await ownerFiles.put(`${bucket}/c`, randomBytes(MAX_FILE));
      expect(declared.status).toBe(413);
      expect(declared.body.message).toMatch(/bucket may hold at most/);
      const streamed = await ownerFiles.put(`${bucket}/c`, Readable.from([randomBytes(MAX_FILE / 2), randomBytes(MAX_FILE / 2)]));
      expect(streamed.status).toBe(413);
      expect((await ownerFiles.put(`${bucket}/c`, randomBytes(QUOTA - 2 * MAX_FILE))).status).toBe(200);
      expect((await owner.get(bucket)).body.size).toBe(QUOTA);
    });

    it('a user without access gets 404 for the bucket, its files and uploads; a reader may read but not write', async () => {
      const { id, bucket } = await draft();
      expect((await ownerFiles.put(`${bucket}/secret.txt`, Buffer.from('s'))).status).toBe(200);
      expect((await other.get(bucket)).status).toBe(404);
      expect((await otherFiles.get(`${bucket}/secret.txt`)).status).toBe(404);
      expect((await otherFiles.put(`${bucket}/mine.txt`, Buffer.from('m'))).status).toBe(404);
      expect((await other.delete(`${bucket}/secret.txt`)).status).toBe(404);
      expect((await other.get(`/api/deposits/${id}/files`)).status).toBe(404);
      expect((await fileClient(instance.app).get(`${bucket}/secret.txt`)).status).toBe(401);

      const grant = await owner.post(`/api/deposits/${id}/actions/permissions`, [
        { email: 'files-reader@example.org', type: 'user', op: 'add', action: 'deposit-read' },
      ]);
      expect(grant.status).toBe(201);
      expect((await readerFiles.get(`${bucket}/secret.txt`)).raw.toString()).toBe('s');
      expect((await readerFiles.put(`${bucket}/mine.txt`, Buffer.from('m'))).status).toBe(403);
      expect((await reader.delete(`${bucket}/secret.txt`)).status).toBe(403);
    });

    it('an unknown bucket is 404', async () => {
      expect((await owner.get('/api/files/00000000-0000-0000-0000-000000000000')).status).toBe(404);
      expect((await ownerFiles.put('/api/files/00000000-0000-0000-0000-000000000000/x', Buffer.from('x'))).status).toBe(404);
    });
  });

  describe('publishing locks files', () => {
    it('locks the draft bucket (403), keeps each version its own files, unlocks on edit, restores on discard', async () => {
      const { id, bucket } = await draft();
      const v1 = Buffer.from('version one');
      expect((await ownerFiles.put(`${bucket}/analysis.py`, v1)).status).toBe(200);
      const published = await owner.post(`/api/deposits/${id}/actions/publish`);
      expect(published.status).toBe(202);
      const recid = published.body.recid as string;

      const locked = await ownerFiles.put(`${bucket}/more.txt`, Buffer.from('x'));
      expect(locked.status).toBe(403);
      expect(locked.body.message).toMatch(/locked/);
      expect((await owner.delete(`${bucket}/analysis.py`)).status).toBe(403);
      expect((await owner.get(bucket)).body.locked).toBe(true);

      const record1 = await owner.get(`/api/records/${recid}`);
      expect(record1.body.files).toEqual([expect.objectContaining({ key: 'analysis.py', checksum: `md5:${md5(v1)}` })]);
      const versionBucket = record1.body.files[0].bucket as string;
      expect(versionBucket).not.toBe(bucket.split('/').pop());
      expect((await ownerFiles.put(`/api/files/${versionBucket}/x`, Buffer.from('x'))).status).toBe(403);

      expect((await owner.post(`/api/deposits/${id}/actions/edit`)).status).toBe(201);
      expect((await owner.delete(`${bucket}/analysis.py`)).status).toBe(204);
      const v2 = Buffer.from('version two');
      expect((await ownerFiles.put(`${bucket}/analysis.py`, v2)).status).toBe(200);
      expect((await ownerFiles.put(`${bucket}/extra.txt`, Buffer.from('extra'))).status).toBe(200);
      // The published version still has exactly what it was published with.
      expect((await ownerFiles.get(`/api/files/${versionBucket}/analysis.py`)).raw.toString()).toBe('version one');
      expect((await owner.delete(`/api/files/${versionBucket}/analysis.py`)).status).toBe(403);

      // Discard: the draft's bucket returns to the published files, locked.
      expect((await owner.post(`/api/deposits/${id}/actions/discard`)).status).toBe(201);
      const afterDiscard = await owner.get(bucket);
      expect(afterDiscard.body.locked).toBe(true);
      expect(afterDiscard.body.contents.map((o: { key: string; checksum: string }) => [o.key, o.checksum])).toEqual([['analysis.py', `md5:${md5(v1)}`]]);

      // Edit and publish again: version 2 has the new files, version 1 keeps its own.
      expect((await owner.post(`/api/deposits/${id}/actions/edit`)).status).toBe(201);
      expect((await owner.delete(`${bucket}/analysis.py`)).status).toBe(204);
      expect((await ownerFiles.put(`${bucket}/analysis.py`, v2)).status).toBe(200);
      expect((await owner.post(`/api/deposits/${id}/actions/publish`)).status).toBe(202);
      const record2 = await owner.get(`/api/records/${recid}/versions/2`);
      expect(record2.body.files.map((f: { checksum: string }) => f.checksum)).toEqual([`md5:${md5(v2)}`]);
      const again1 = await owner.get(`/api/records/${recid}/versions/1`);
      expect(again1.body.files.map((f: { checksum: string }) => f.checksum)).toEqual([`md5:${md5(v1)}`]);
      expect((await ownerFiles.get(`/api/files/${again1.body.files[0].bucket}/analysis.py`)).raw.toString()).toBe('version one');
    });

    it('an upload still streaming when the analysis is published is refused (403) and stores nothing', async () => {
      const { id, bucket } = await draft();
      const before = storedFiles(dataDir);
      const body = new PassThrough();
      const late = ownerFiles.put(`${bucket}/late.bin`, body);
      body.write(randomBytes(64 * 1024));
      await expect.poll(() => storedFiles(dataDir).temporaries.length, { timeout: 10_000 }).toBe(before.temporaries.length + 1);
      expect((await owner.post(`/api/deposits/${id}/actions/publish`)).status).toBe(202);
      body.end(randomBytes(64 * 1024));
      const res = await late;
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/locked/);
      expect((await owner.get(bucket)).body.contents).toEqual([]);
      expect(storedFiles(dataDir)).toEqual(before);
    });

    it('a deleted draft keeps no files', async () => {
      const { id, bucket } = await draft();
      const bytes = Buffer.from('deleted with its draft');
      expect((await ownerFiles.put(`${bucket}/a.txt`, bytes)).status).toBe(200);
      expect((await owner.delete(`/api/deposits/${id}`)).status).toBe(204);
      expect((await ownerFiles.get(`${bucket}/a.txt`)).status).toBe(410);
      // No object refers to its content any more: garbage, collected at the next start or file deletion.
      const digest = sha256(bytes);
      const { unreferencedFiles } = await instance.capsule.buckets.check();
      expect(unreferencedFiles.map((f) => f.location.split('-')[0])).toContain(`${digest.slice(0, 2)}/${digest.slice(2)}`);
    });
  });
});
