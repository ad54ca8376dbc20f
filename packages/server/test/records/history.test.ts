import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { revisionPatch, serializeNew } from '../../src/records/history.js';
import type { Metadata } from '../../src/records/record-types.js';

const doc: Metadata = {
  title: 'Dimuon "resonances" ü',
  'a/b': 1,
  'c~d': [true, null, { e: 'f' }],
  '': 'empty key',
  nested: { list: [1.5, -2e-7, 'x\ny'] },
};

describe('serializeNew', () => {
  it('gives the document as JSON.stringify does, and the patch compare() gives from nothing', () => {
    const { json, patch } = serializeNew(doc);
    expect(json).toBe(JSON.stringify(doc));
    expect(patch).toBe(JSON.stringify(jsonpatch.compare({}, doc)));
    expect(jsonpatch.applyPatch({}, JSON.parse(patch)).newDocument).toEqual(doc);
  });
});

describe('revisionPatch', () => {
  it('compares only the members named, with the result compare() gives for the whole document', () => {
    const after = { ...doc, title: 'Other', nested: { list: [1.5] } };
    expect(revisionPatch(doc, after, ['title', 'nested'])).toEqual(jsonpatch.compare(doc, after));
    expect(revisionPatch(doc, doc)).toEqual([]);
  });
});
