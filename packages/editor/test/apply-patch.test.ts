import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { applyOperation, applyPatch } from '../src/apply-patch.js';
import type { JsonValue } from '../src/json.js';
import { PatchError, type PatchOperation } from '../src/patch-operation.js';

const base: JsonValue = {
  title: 'Search for dark matter',
  items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
  meta: { year: 2020, tags: ['x', 'y'] },
  'a/b~c': 1,
};

/** Every operation must turn `base` into what fast-json-patch produces, and its inverse must restore `base`. */
const cases: [string, PatchOperation, JsonValue | undefined][] = [
  ['add a property', { op: 'add', path: '/meta/energy', value: 13 }, undefined],
  ['add over an existing property', { op: 'add', path: '/title', value: 'New' }, undefined],
  ['add an array item in the middle', { op: 'add', path: '/items/1', value: { name: 'new' } }, undefined],
  ['append with -', { op: 'add', path: '/items/-', value: { name: 'end' } }, undefined],
  ['replace the root', { op: 'add', path: '', value: [1, 2] }, undefined],
  ['remove a property', { op: 'remove', path: '/meta/year' }, undefined],
  ['remove an array item', { op: 'remove', path: '/items/0' }, undefined],
  ['remove an escaped key', { op: 'remove', path: '/a~1b~0c' }, undefined],
  ['replace a leaf', { op: 'replace', path: '/items/2/name', value: 'z' }, undefined],
  ['replace a subtree', { op: 'replace', path: '/meta', value: null }, undefined],
  ['move an item down', { op: 'move', from: '/items/0', path: '/items/2' }, undefined],
  ['move an item up', { op: 'move', from: '/items/2', path: '/items/0' }, undefined],
  ['move to the end with -', { op: 'move', from: '/items/0', path: '/items/-' }, undefined],
  ['move between containers', { op: 'move', from: '/meta/tags', path: '/tags' }, undefined],
  ['move onto an existing key', { op: 'move', from: '/meta/year', path: '/title' }, undefined],
  ['copy a subtree', { op: 'copy', from: '/meta', path: '/items/1' }, undefined],
  ['copy onto an existing key', { op: 'copy', from: '/meta/year', path: '/title' }, undefined],
  ['a passing test', { op: 'test', path: '/meta/tags', value: ['x', 'y'] }, undefined],
];

describe('applyOperation', () => {
  for (const [name, operation] of cases) {
    it(`${name}: matches fast-json-patch and its inverse restores the document`, () => {
      const expected = fastJsonPatch.applyOperation(fastJsonPatch.deepClone(base), fastJsonPatch.deepClone(operation)).newDocument;
      const frozen = structuredClone(base);
      const { doc, inverse } = applyOperation(frozen, operation);
      expect(doc).toEqual(expected);
      expect(frozen).toEqual(base);
      expect(applyPatch(doc, inverse).doc).toEqual(base);
    });
  }

  it('shares every subtree that the operation does not touch', () => {
    const { doc } = applyOperation(base, { op: 'replace', path: '/items/1/name', value: 'q' });
    const before = base as { items: JsonValue[]; meta: JsonValue };
    const after = doc as typeof before;
    expect(after.meta).toBe(before.meta);
    expect(after.items[0]).toBe(before.items[0]);
    expect(after.items[2]).toBe(before.items[2]);
    expect(after.items[1]).not.toBe(before.items[1]);
  });

  it('rejects a failing test, a missing path, a bad index and a move into itself', () => {
    expect(() => applyOperation(base, { op: 'test', path: '/title', value: 'other' })).toThrow(PatchError);
    expect(() => applyOperation(base, { op: 'remove', path: '/nothing' })).toThrow(PatchError);
    expect(() => applyOperation(base, { op: 'replace', path: '/items/9', value: 1 })).toThrow(PatchError);
    expect(() => applyOperation(base, { op: 'add', path: '/items/01', value: 1 })).toThrow(/Invalid array index/);
    expect(() => applyOperation(base, { op: 'move', from: '/meta', path: '/meta/inner' })).toThrow(/into itself/);
  });
});

describe('applyPatch', () => {
  it('applies a sequence and its combined inverse undoes all of it', () => {
    const patch: PatchOperation[] = [
      { op: 'add', path: '/items/-', value: { name: 'd' } },
      { op: 'move', from: '/items/3', path: '/items/0' },
      { op: 'remove', path: '/meta/tags/0' },
      { op: 'replace', path: '/title', value: 'T' },
    ];
    const { doc, inverse } = applyPatch(base, patch);
    expect(doc).toEqual(fastJsonPatch.applyPatch(fastJsonPatch.deepClone(base), fastJsonPatch.deepClone(patch)).newDocument);
    expect(applyPatch(doc, inverse).doc).toEqual(base);
  });

  it('is atomic: a failing operation leaves the input untouched', () => {
    const input = structuredClone(base);
    expect(() => applyPatch(input, [{ op: 'remove', path: '/title' }, { op: 'remove', path: '/title' }])).toThrow(PatchError);
    expect(input).toEqual(base);
  });
});
