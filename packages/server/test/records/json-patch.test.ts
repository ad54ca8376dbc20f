import { describe, expect, it } from 'vitest';
import { applyJsonPatch, changedMembers } from '../../src/records/json-patch.js';
import type { Metadata, Operation } from '../../src/records/record-types.js';

const original = (): Metadata => ({
  title: 'A',
  objects: [{ name: 'muon', cuts: ['pt > 20'] }, { name: 'jet', cuts: [] }],
  collision: { type: 'pp', energy: 7 },
  untouched: { deep: { list: [1, 2, 3] } },
});

describe('applyJsonPatch', () => {
  const cases: [string, Operation[], (doc: Metadata) => void][] = [
    ['replace inside an array item', [{ op: 'replace', path: '/objects/0/cuts/0', value: 'pt > 25' }], (d) => expect((d.objects as { cuts: string[] }[])[0]!.cuts).toEqual(['pt > 25'])],
    ['remove inside an object', [{ op: 'remove', path: '/collision/energy' }], (d) => expect(d.collision).toEqual({ type: 'pp' })],
    ['move between members', [{ op: 'move', from: '/collision/type', path: '/objects/1/name' }], (d) => {
      expect(d.collision).toEqual({ energy: 7 });
      expect((d.objects as { name: string }[])[1]!.name).toBe('pp');
    }],
    ['copy, then change the copy', [{ op: 'copy', from: '/untouched/deep', path: '/copied' }, { op: 'add', path: '/copied/list/-', value: 4 }], (d) => {
      expect(d.copied).toEqual({ list: [1, 2, 3, 4] });
      expect(d.untouched).toEqual({ deep: { list: [1, 2, 3] } });
    }],
    ['a failing test after a change', [{ op: 'add', path: '/objects/-', value: { name: 'tau' } }, { op: 'test', path: '/title', value: 'B' }], () => {}],
  ];

  it.each(cases)('leaves the document it was given as it was: %s', (_name, ops, check) => {
    const doc = original();
    let result: Metadata | undefined;
    try {
      result = applyJsonPatch(doc, ops);
    } catch {
      result = undefined;
    }
    expect(doc).toEqual(original());
    if (result) check(result);
  });

  it('numbers the failing operation and names its path', () => {
    expect(() => applyJsonPatch(original(), [{ op: 'test', path: '/title', value: 'A' }, { op: 'remove', path: '/collision/nothing' }])).toThrow(
      expect.objectContaining({ message: expect.stringContaining('Operation 1 of the patch'), errors: [expect.objectContaining({ field: ['collision', 'nothing'] })] }),
    );
  });
});

describe('changedMembers', () => {
  it('names the top-level members written, a move source too, and not what a test reads', () => {
    expect(
      changedMembers([
        { op: 'test', path: '/title', value: 'A' },
        { op: 'replace', path: '/objects/0/name', value: 'electron' },
        { op: 'move', from: '/a~1b/x', path: '/collision/type' },
        { op: 'copy', from: '/untouched', path: '/copied' },
      ]),
    ).toEqual(['objects', 'collision', 'a/b', 'copied']);
  });

  it('gives nothing for a patch that replaces the whole document', () => {
    expect(changedMembers([{ op: 'replace', path: '', value: {} }])).toBeUndefined();
  });
});
