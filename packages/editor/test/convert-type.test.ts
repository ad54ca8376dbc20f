import { describe, expect, it } from 'vitest';
import { convertType } from '../src/convert-type.js';
import type { JsonType, JsonValue } from '../src/json.js';

describe('convertType', () => {
  const cases: [JsonValue, JsonType, JsonValue][] = [
    ['42.5', 'number', 42.5],
    ['not a number', 'number', 0],
    [true, 'number', 1],
    [0, 'boolean', false],
    ['false', 'boolean', false],
    ['yes', 'boolean', true],
    [12, 'string', '12'],
    [null, 'string', ''],
    [{ a: 1 }, 'string', '{"a":1}'],
    ['[1,2]', 'array', [1, 2]],
    ['x', 'array', ['x']],
    [null, 'array', []],
    [{ a: 1, b: 2 }, 'array', [1, 2]],
    [['p', 'q'], 'object', { 0: 'p', 1: 'q' }],
    ['{"k":true}', 'object', { k: true }],
    [7, 'object', { value: 7 }],
    ['anything', 'null', null],
  ];
  for (const [value, to, expected] of cases) {
    it(`${JSON.stringify(value)} -> ${to}`, () => expect(convertType(value, to)).toEqual(expected));
  }

  it('returns the same value when the type does not change', () => {
    const value = { a: 1 };
    expect(convertType(value, 'object')).toBe(value);
  });
});
