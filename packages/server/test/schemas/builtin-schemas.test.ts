import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapsule } from '../../src/capsule.js';
import { resolveConfig } from '../../src/config/config.js';
import { BUILTIN_SCHEMAS_DIR, loadBuiltinSchemas } from '../../src/schemas/builtin-schemas.js';
import type { SchemaInput } from '../../src/schemas/schema-types.js';
import { schemaPath } from '../../src/schemas/schema-urls.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

const BASE = 'http://capsule.test';

const builtinFiles: { file: string; input: SchemaInput }[] = fs
  .readdirSync(BUILTIN_SCHEMAS_DIR, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.json'))
  .map((e) => path.join(e.parentPath, e.name))
  .map((file) => ({ file, input: JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaInput }));

/** The analysis and open data collections (other built-ins live beside them). */
const ANALYSIS_COLLECTIONS = ['alice-analysis', 'atlas-analysis', 'cms-analysis', 'cms-stats-questionnaire', 'lhcb-analysis', 'opendata-record'];
const collections = builtinFiles.filter((b) => b.input.kind === 'collection').map((b) => b.input);
const analysisCollections = collections.filter((c) => ANALYSIS_COLLECTIONS.includes(c.name));

/** Every `$ref` anywhere in a document, with where it is. */
function refsIn(node: unknown, at = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => refsIn(n, `${at}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' ? [`${at}: ${String(v)}`] : refsIn(v, `${at}/${k}`)));
}

describe('built-in schema files', () => {
  it('include the six collections, each file named after its schema and placed by its kind', () => {
    expect(analysisCollections.map((c) => c.name).sort()).toEqual(ANALYSIS_COLLECTIONS);
    for (const { file, input } of builtinFiles) {
      const folder = input.kind === 'shared' ? 'shared' : 'collections';
      expect(path.relative(BUILTIN_SCHEMAS_DIR, file)).toBe(path.join(folder, `${input.name}-v${input.version}.json`));
    }
  });

  it('describe each collection for generated forms: experiment, fullname, description, titles, options and a title pointer', () => {
    for (const c of analysisCollections) {
      expect(c.experiment, c.name).toEqual(expect.any(String));
      expect(c.fullname).not.toBe(c.name);
      const schema = c.deposit_schema as { description?: string; properties: Record<string, { title?: string; $ref?: string }> };
      expect(schema.description, c.name).toEqual(expect.any(String));
      const untitled = Object.entries(schema.properties).filter(([k, p]) => k !== '$schema' && !p.title && !p.$ref);
      expect(untitled.map(([k]) => k), c.name).toEqual([]);
      expect(Object.keys(c.deposit_options ?? {}), c.name).toContain('ui:order');
      expect(c.config?.title, c.name).toMatch(/^\//);
      expect(Object.keys(c.config?.facets ?? {}).length, c.name).toBeGreaterThanOrEqual(4);
    }
  });
});

describe.each(testDatabases)('built-in schemas in a running instance ($dialect)', (database) => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await startTestInstance(database);
  });
  afterAll(() => instance?.close());

  it('are all loaded at start', async () => {
    const stored = await instance.capsule.schemas.list();
    expect(stored.map((s) => `${s.name}@${s.version}`).sort()).toEqual(builtinFiles.map((b) => `${b.input.name}@${b.input.version}`).sort());
  });

  it('are loaded once: a second start on the same database adds nothing', async () => {
    const before = await instance.capsule.schemas.list();
    const { dataDir, databaseUrl } = instance.capsule.config;
    const second = await openCapsule(resolveConfig({ dataDir, databaseUrl, logLevel: 'silent', baseUrl: BASE }, {}));
    try {
      expect(await second.schemas.list()).toEqual(before);
    } finally {
      await second.close();
    }
  });

  it('report every file as unchanged when loaded again', async () => {
    const report = await loadBuiltinSchemas(instance.capsule.schemas);
    expect(report.added).toEqual([]);
    expect(report.conflicting).toEqual([]);
    expect(report.unchanged).toHaveLength(builtinFiles.length);
    expect(await instance.capsule.schemas.list()).toHaveLength(builtinFiles.length);
  });

  it.each(collections.map((c) => c.name))('serves %s at /api/jsonschemas and its documents under /schemas with their $id', async (name) => {
    const res = await instance.app.inject({ url: `/api/jsonschemas/${name}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ name, version: '1.0.0', kind: 'collection' });
    for (const variant of ['deposit', 'record'] as const) {
      const url = `${BASE}${schemaPath({ name, version: '1.0.0', kind: 'collection', variant })}`;
      expect(body[`${variant}_schema`].$id).toBe(url);
      const raw = await instance.app.inject({ url: url.slice(BASE.length) });
      expect(raw.statusCode).toBe(200);
      expect(raw.json().$id).toBe(url);
    }
  });

  it('serves the shared sub-schemas under /schemas/shared with their $id', async () => {
    for (const { input } of builtinFiles.filter((b) => b.input.kind === 'shared')) {
      const p = schemaPath({ name: input.name, version: input.version, kind: 'shared', variant: 'deposit' });
      const res = await instance.app.inject({ url: p });
      expect([p, res.statusCode]).toEqual([p, 200]);
      expect(res.json().$id).toBe(BASE + p);
    }
  });

  it.each(collections.map((c) => c.name))('resolves %s with no $ref left anywhere', async (name) => {
    const unresolved = await instance.app.inject({ url: `/api/jsonschemas/${name}` });
    const res = await instance.app.inject({ url: `/api/jsonschemas/${name}?resolve=True` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    if (name !== 'opendata-record') expect(refsIn(unresolved.json().deposit_schema).length).toBeGreaterThan(0);
    expect(refsIn(body.deposit_schema)).toEqual([]);
    expect(refsIn(body.record_schema)).toEqual([]);
  });

  it('resolves the shared researcher into cms-analysis, titles and formats included', async () => {
    const body = (await instance.app.inject({ url: '/api/jsonschemas/cms-analysis?resolve=True' })).json();
    const researcher = body.deposit_schema.properties.researchers.items;
    expect(researcher.properties.orcid).toMatchObject({ title: 'ORCID iD', format: 'orcid' });
    expect(researcher.properties.identifiers.items.properties.scheme.enum).toContain('BAI');
  });
});
