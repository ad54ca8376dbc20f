import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

const upload = (overrides: Record<string, unknown>) => ({
  name: 'upload-probe',
  version: '1.0.0',
  deposit_schema: { type: 'object', properties: { title: { type: 'string' } } },
  ...overrides,
});

describe.each(testDatabases)('schema upload errors ($dialect)', (database) => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await startTestInstance(database);
    await instance.capsule.schemas.add(upload({ name: 'already-there' }));
  });
  afterAll(() => instance?.close());

  /** The error an upload fails with, after checking that nothing of it was stored. */
  async function refusal(body: unknown): Promise<CapsuleError> {
    const before = await instance.capsule.schemas.list();
    const error = await instance.capsule.schemas.add(body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CapsuleError);
    expect(await instance.capsule.schemas.list()).toEqual(before);
    return error as CapsuleError;
  }

  /** What to upload, and the field its refusal must name. */
  const cases: [string, unknown, (string | number)[]][] = [
    ['not valid JSON Schema', upload({ deposit_schema: { type: 'objekt' } }), ['deposit_schema', 'type']],
    ['a record_schema that is not valid JSON Schema', upload({ record_schema: { properties: { a: { minLength: -1 } } } }), ['record_schema', 'properties', 'a', 'minLength']],
    ['a $ref that resolves nowhere', upload({ deposit_schema: { properties: { who: { $ref: '/schemas/shared/nobody-v9.9.9.json' } } } }), ['deposit_schema', '$ref']],
    ['a $ref to a missing definition', upload({ deposit_schema: { properties: { who: { $ref: '#/$defs/nobody' } } } }), ['deposit_schema']],
    ['a $ref outside the registry', upload({ deposit_schema: { properties: { who: { $ref: 'https://example.org/schema.json' } } } }), ['deposit_schema']],
    ['a non-semver version', upload({ version: '1.0' }), ['version']],
    ['an existing version', upload({ name: 'already-there' }), ['version']],
    ['a body that is not an object', ['name', 'version'], []],
    ['a body without a schema', { name: 'upload-probe', version: '1.0.0' }, ['deposit_schema']],
    ['a body with an unknown key', upload({ colour: 'blue' }), ['colour']],
    ['a malformed name', upload({ name: 'Upload Probe' }), ['name']],
    ['a facet that is not a JSON Pointer', upload({ config: { facets: { year: 'year' } } }), ['config', 'facets', 'year']],
  ];

  it.each(cases)('refuses %s with a reason and the field', async (_what, body, field) => {
    const error = await refusal(body);
    expect(error.code).toBe('bad_request');
    expect(error.message.length).toBeGreaterThan(10);
    if (JSON.stringify(body).includes('$ref')) expect(error.message).toMatch(/nobody|example\.org/);
    expect(error.errors.length).toBeGreaterThan(0);
    expect(error.errors.map((e) => e.field)).toContainEqual(field);
  });

  it('stores a valid upload that uses a built-in shared schema and an identifier format', async () => {
    const stored = await instance.capsule.schemas.add(
      upload({ deposit_schema: { type: 'object', properties: { who: { $ref: '/schemas/shared/researcher-v1.0.0.json' }, doi: { type: 'string', format: 'doi' } } } }),
    );
    expect(stored.name).toBe('upload-probe');
    const probe = { name: 'upload-probe', version: '1.0.0', kind: 'collection' as const };
    expect(await instance.capsule.schemas.validate(probe, { who: { family_name: 'Ellis', orcid: '0000-0002-1825-0097' }, doi: '10.1103/PhysRevLett.111.196401' }, 'full')).toEqual([]);
    expect((await instance.capsule.schemas.validate(probe, { who: { orcid: '0000-0002-1825-0098' }, doi: '10.1/x' }, 'draft')).map((e) => e.field)).toEqual([
      ['who', 'orcid'],
      ['doi'],
    ]);
  });
});
