import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { FIXTURES } from '../support/fixtures.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addTestSchemas } from '../support/test-schemas.js';

interface PatchCase {
  comment?: string;
  doc: unknown;
  patch: { op: string; path: string; from?: string; value?: unknown }[];
  expected?: unknown;
  error?: string;
  disabled?: boolean;
}

const load = (file: string): PatchCase[] => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'json-patch-tests', file), 'utf8'));
const suites = { 'tests.json': load('tests.json'), 'spec_tests.json': load('spec_tests.json') };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const reservedKey = (k: string) => k.startsWith('_') || k === '$schema' || k === '$ana_type';

/**
 * A draft's metadata is a JSON object whose `_` keys belong to the server, so a case whose
 * document is an array, a scalar or has such keys, or whose patch replaces the whole document,
 * runs one level down: the document under /doc and every pointer prefixed with it. JSON Pointer
 * semantics are the same at any depth, so the case tests the same thing.
 */
function asDraftCase(c: PatchCase): PatchCase {
  const fitsAtRoot =
    isPlainObject(c.doc) &&
    !Object.keys(c.doc).some(reservedKey) &&
    (c.expected === undefined || (isPlainObject(c.expected) && !Object.keys(c.expected).some(reservedKey))) &&
    c.patch.every((op) => typeof op !== 'object' || op === null || (op.path !== '' && op.from !== ''));
  if (fitsAtRoot) return c;
  const prefix = (p: unknown) => (typeof p === 'string' ? `/doc${p}` : p);
  return {
    ...c,
    doc: { doc: c.doc },
    patch: c.patch.map((op) => (isPlainObject(op) ? { ...op, path: prefix(op.path), ...('from' in op ? { from: prefix(op.from) } : {}) } : op)) as PatchCase['patch'],
    ...(c.expected !== undefined ? { expected: { doc: c.expected } } : {}),
  };
}

describe.each(testDatabases)('the JSON Patch conformance suite through PATCH /api/deposits/{id} ($dialect)', (database) => {
  let instance: TestInstance;
  let api: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await addTestSchemas(instance.capsule);
    api = client(instance.app, (await instance.capsule.accounts.createToken('patcher@example.org')).token);
  });
  afterAll(() => instance.close());

  for (const [file, cases] of Object.entries(suites)) {
    // Cases the suite itself marks disabled state behaviour it does not require.
    const enabled = cases.filter((c) => !c.disabled);
    it(`runs every enabled case of ${file} (${enabled.length} of ${cases.length})`, async () => {
      const failures: string[] = [];
      for (const [i, original] of enabled.entries()) {
        const c = asDraftCase(original);
        const created = await api.post('/api/deposits/', { $ana_type: 'open-test', ...(c.doc as object) });
        expect(created.status, `case ${i} create`).toBe(201);
        const res = await api.patch(`/api/deposits/${created.body.id}`, c.patch);
        const label = `${file}#${i} ${original.comment ?? original.error ?? ''}`;
        if (c.error !== undefined || c.expected === undefined) {
          if (c.error !== undefined && res.status !== 400) failures.push(`${label}: expected 400, got ${res.status}`);
          if (c.error !== undefined) {
            const after = await api.get(`/api/deposits/${created.body.id}`);
            if (after.body.revision !== 0) failures.push(`${label}: a failed patch wrote a revision`);
          }
          if (c.error === undefined && res.status !== 200) failures.push(`${label}: expected 200, got ${res.status} ${res.text}`);
          continue;
        }
        if (res.status !== 200) failures.push(`${label}: expected 200, got ${res.status} ${res.text}`);
        else expect(res.body.metadata, label).toEqual(c.expected);
      }
      expect(failures).toEqual([]);
    });
  }
});
