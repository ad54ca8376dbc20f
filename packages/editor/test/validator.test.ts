import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { identifierFormats } from '../src/identifier-formats.js';
import type { JsonValue } from '../src/json.js';
import type { JsonSchema } from '../src/json-schema.js';
import { SchemaValidator } from '../src/validator.js';

const schema: JsonSchema = {
  type: 'object',
  required: ['title', 'datasets'],
  properties: {
    title: { type: 'string', minLength: 3 },
    doi: { type: 'string', format: 'doi' },
    datasets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', pattern: '^[a-z]+$' }, kind: { enum: ['data', 'mc'] }, orcid: { type: 'string', format: 'orcid' } },
      },
    },
  },
};

const record = (): { title: string; doi: string; datasets: Record<string, JsonValue>[] } => ({
  title: 'ok title',
  doi: '10.1000/xyz',
  datasets: [{ name: 'good' }, { name: 'BAD1', kind: 'other' }, { kind: 'data' }, { name: 'fine', orcid: '0000-0002-1825-0097' }],
});

describe('SchemaValidator', () => {
  it('finds exactly the instance paths that plain ajv finds', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    for (const [name, check] of Object.entries(identifierFormats)) ajv.addFormat(name, { type: 'string', validate: check });
    const validate = ajv.compile(schema);
    const doc = { ...record(), title: 'x', doi: 'not-a-doi' };
    validate(doc);
    const expected = (validate.errors ?? []).map((error) => error.instancePath).sort();
    expect(new SchemaValidator(schema).check(doc).map((issue) => issue.pointer).sort()).toEqual(expected);
    expect(expected).toEqual(['/datasets/1/kind', '/datasets/1/name', '/datasets/2', '/doi', '/title']);
  });

  it('explains required and enum failures in words', () => {
    const messages = new SchemaValidator(schema).check(record()).map((issue) => `${issue.pointer} ${issue.message}`);
    expect(messages).toContain('/datasets/2 required property "name" is missing');
    expect(messages).toContain('/datasets/1/kind must be one of "data", "mc"');
  });

  it('still checks array-level rules when elements are validated one by one', () => {
    const issues = new SchemaValidator(schema).check({ ...record(), datasets: [] });
    expect(issues.map((issue) => issue.pointer)).toEqual(['/datasets']);
  });

  it('validates an unchanged element once, and a changed one again', async () => {
    const validator = new SchemaValidator(schema);
    const doc = record();
    expect(await validator.validate(doc, () => false)).toHaveLength(3);
    // Documents are never mutated, so a result remembered for an element object stays true: mutating one behind
    // the validator's back shows that it is not looked at again.
    (doc.datasets[0] as Record<string, JsonValue>).name = 'NOT VALID';
    const fixed = { ...doc, datasets: doc.datasets.map((item, i) => (i === 1 ? { name: 'fixed' } : item)) };
    expect((await validator.validate(fixed, () => false))?.map((issue) => issue.pointer)).toEqual(['/datasets/2']);
  });

  it('rechecks an array of the same length by element identity and finds what a fresh check finds', async () => {
    const validator = new SchemaValidator(schema);
    const doc = record();
    await validator.validate(doc, () => false);
    const [good, bad, unnamed, fine] = doc.datasets as [Record<string, JsonValue>, Record<string, JsonValue>, Record<string, JsonValue>, Record<string, JsonValue>];
    // A move (the bad element to the front) and a fix (the unnamed one gets a name), at the same length.
    const edited = { ...doc, datasets: [bad, good, { ...unnamed, name: 'named' }, fine] };
    const fresh = new SchemaValidator(schema).check(edited);
    expect(fresh.map((issue) => issue.pointer)).toEqual(['/datasets/0/name', '/datasets/0/kind']);
    expect(await validator.validate(edited, () => false)).toEqual(fresh);
    // Back to the first document: the issues move back with their elements.
    expect(await validator.validate(doc, () => false)).toEqual(new SchemaValidator(schema).check(doc));
  });

  it('gives up when a newer document supersedes the one being checked', async () => {
    const big = { ...record(), datasets: Array.from({ length: 200_000 }, (_, i) => ({ name: `n${String.fromCharCode(97 + (i % 26))}` })) };
    expect(await new SchemaValidator(schema).validate(big, () => true)).toBeNull();
  });

  it('accepts replacement formats from the caller', () => {
    const strict = new SchemaValidator(schema, { doi: (value) => value.startsWith('10.5281/') });
    expect(strict.check(record()).map((issue) => issue.pointer)).toContain('/doi');
  });
});

describe('identifier formats', () => {
  const cases: [string, string, boolean][] = [
    ['doi', '10.17181/CMS.EXO.21.001', true],
    ['doi', '11.1000/x', false],
    ['orcid', '0000-0002-1825-0097', true],
    ['orcid', 'https://orcid.org/0000-0002-1694-233X', true],
    ['orcid', '0000-0002-1825-0098', false],
    ['arxiv', '2101.01234v2', true],
    ['arxiv', 'hep-ex/0307015', true],
    ['arxiv', '21.01234', false],
    ['inspire-id', 'INSPIRE-00012345', true],
    ['inspire-id', 'INSPIRE-123', false],
    ['inspire-bai', 'J.R.Ellis.1', true],
    ['inspire-bai', 'Ellis', false],
    ['ror', 'https://ror.org/01ggx4157', true],
    ['ror', '01ggx4l57', false],
    ['cadi-id', 'EXO-21-001', true],
    ['cadi-id', 'CMS-PAS-HIG-2019-012', true],
    ['cadi-id', 'exo-21-001', false],
  ];
  for (const [format, value, valid] of cases) {
    it(`${format}: ${value} is ${valid ? 'valid' : 'invalid'}`, () => expect(identifierFormats[format]?.(value)).toBe(valid));
  }
});
