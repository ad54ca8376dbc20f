import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../src/json-schema.js';
import { SchemaIndex } from '../src/schema-index.js';

const schema: JsonSchema = {
  $defs: {
    person: { type: 'object', title: 'Person', required: ['name'], properties: { name: { type: 'string', title: 'Full name' }, orcid: { type: 'string', format: 'orcid' } } },
  },
  type: 'object',
  required: ['title'],
  properties: {
    title: { type: 'string', title: 'Title', description: 'What the analysis is called' },
    status: { enum: ['draft', 'published'], default: 'draft' },
    people: { type: 'array', items: { $ref: '#/$defs/person' } },
    pair: { type: 'array', prefixItems: [{ type: 'number', title: 'low' }, { type: 'number', title: 'high' }] },
    input: {
      oneOf: [
        { title: 'Dataset', type: 'object', required: ['kind', 'path'], properties: { kind: { const: 'dataset' }, path: { type: 'string', title: 'Path' } } },
        { title: 'Trigger', type: 'object', required: ['kind', 'name'], properties: { kind: { const: 'trigger' }, name: { type: 'string', title: 'Trigger name' } } },
      ],
    },
    extra: { type: 'object', additionalProperties: false, allOf: [{ properties: { a: { type: 'integer' } } }, { required: ['b'], properties: { b: { type: 'boolean' } } }] },
  },
};

const doc = { title: 't', people: [{ name: 'Ann' }], pair: [1, 2], input: { kind: 'trigger', name: 'HLT_Mu50' }, extra: {} };

describe('SchemaIndex', () => {
  const index = new SchemaIndex(schema);

  it('knows whether what it says about a node can depend on values (oneOf/anyOf anywhere)', () => {
    expect(index.hasAlternatives).toBe(true);
    expect(new SchemaIndex({ $defs: { a: { anyOf: [{ type: 'string' }] } } }).hasAlternatives).toBe(true);
    expect(new SchemaIndex({ ...schema, properties: { ...schema.properties, input: { type: 'object' } } }).hasAlternatives).toBe(false);
  });

  it('follows $ref, items and prefixItems to the schema of a path', () => {
    expect(index.describe(doc, ['people', 0, 'name'], 'Ann').title).toBe('Full name');
    expect(index.describe(doc, ['people', 0], doc.people[0]!).title).toBe('Person');
    expect(index.describe(doc, ['pair', 1], 2).title).toBe('high');
    expect(index.describe(doc, ['title'], 't').description).toBe('What the analysis is called');
  });

  it('picks the oneOf branch the value fits, for the node and its children', () => {
    const input = index.describe(doc, ['input'], doc.input);
    expect(input.variants?.map((v) => v.title)).toEqual(['Dataset', 'Trigger']);
    expect(input.variant).toBe(1);
    expect(index.describe(doc, ['input', 'name'], 'HLT_Mu50').title).toBe('Trigger name');
  });

  it('reads enums, required marks and allOf parts', () => {
    expect(index.describe(doc, ['status'], 'draft').enum).toEqual(['draft', 'published']);
    expect(index.isRequired(doc, [], 'title')).toBe(true);
    expect(index.isRequired(doc, [], 'status')).toBe(false);
    expect(index.isRequired(doc, ['people', 0], 'name')).toBe(true);
    expect(index.isRequired(doc, ['extra'], 'b')).toBe(true);
  });

  it('lists the properties a node lacks, required first, and whether others are allowed', () => {
    expect(index.missingProperties(doc, [], doc)).toEqual(['status']);
    expect(index.missingProperties(doc, ['extra'], doc.extra)).toEqual(['b', 'a']);
    expect(index.allowsAdditional(doc, ['extra'])).toBe(false);
    expect(index.allowsAdditional(doc, [])).toBe(true);
  });

  it('makes new values from defaults, consts and required properties', () => {
    expect(index.defaultFor(index.childSchema(doc, [], 'status'))).toBe('draft');
    expect(index.defaultFor(index.childSchema(doc, ['people'], 1))).toEqual({ name: '' });
    expect(index.defaultFor(index.childSchema(doc, [], 'input'))).toEqual({ kind: 'dataset', path: '' });
    expect(index.defaultFor(index.childSchema(doc, ['extra'], 'b'))).toBe(false);
  });
});
