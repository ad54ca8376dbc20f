import { describe, expect, it } from 'vitest';
import { lenientSchema } from '../../src/schemas/lenient-schema.js';

describe('lenient schema of conditions', () => {
  const conditional = {
    type: 'object',
    required: ['identifier'],
    properties: { identifier: { type: 'string' }, scheme: { type: 'string' } },
    allOf: [{ if: { properties: { scheme: { const: 'DOI' } }, required: ['scheme'] }, then: { required: ['scheme'], properties: { identifier: { format: 'doi' } } } }],
    not: { required: ['forbidden'] },
  };

  it('drops demands but keeps the tests of if and not as written', () => {
    expect(lenientSchema(conditional)).toEqual({
      type: 'object',
      properties: conditional.properties,
      allOf: [{ if: conditional.allOf[0]!.if, then: { properties: { identifier: { format: 'doi' } } } }],
      not: { required: ['forbidden'] },
    });
  });
});
