import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { DocumentModel, type Change } from '../src/document-model.js';
import * as edits from '../src/edit-operations.js';
import type { JsonValue } from '../src/json.js';
import type { PatchOperation } from '../src/patch-operation.js';

const record = (): JsonValue => ({
  title: 'Z to mumu',
  items: [
    { name: 'first', n: 1 },
    { name: 'second', n: 2 },
    { name: 'third', n: 3 },
  ],
  meta: { year: 2020, flag: true },
});

describe('DocumentModel', () => {
  it('reports every edit as the operations applied, with before and after', () => {
    const model = new DocumentModel(record());
    const changes: Change[] = [];
    model.onChange((change) => changes.push(change));
    model.edit(edits.setValue(['title'], 'W to enu'));
    expect(changes).toHaveLength(1);
    expect(changes[0]!.operations).toEqual([{ op: 'replace', path: '/title', value: 'W to enu' }]);
    expect(changes[0]!.origin).toBe('edit');
    expect((model.value as { title: string }).title).toBe('W to enu');
  });

  it('undoes and redoes a sequence of edits in order', () => {
    const model = new DocumentModel(record());
    const snapshots = [model.value];
    const steps = [
      () => edits.setValue(['title'], 'A'),
      () => edits.removeValue(['items', 0]),
      () => edits.insertItem(['items'], 1, { name: 'inserted' }),
      () => edits.moveItem(['items', 2], 0),
      () => edits.changeType(model.value, ['meta', 'year'], 'string'),
      () => edits.duplicate(model.value, ['meta']),
      () => edits.addProperty(['meta'], 'energy', 13),
    ];
    for (const step of steps) {
      model.edit(step());
      snapshots.push(model.value);
    }
    for (let i = snapshots.length - 2; i >= 0; i--) {
      expect(model.undo()).toBe(true);
      expect(model.value).toEqual(snapshots[i]);
    }
    expect(model.undo()).toBe(false);
    for (let i = 1; i < snapshots.length; i++) {
      expect(model.redo()).toBe(true);
      expect(model.value).toEqual(snapshots[i]);
    }
    expect(model.redo()).toBe(false);
  });

  it('a new edit after undo drops the redo branch', () => {
    const model = new DocumentModel(record());
    model.edit(edits.setValue(['title'], 'A'));
    model.undo();
    model.edit(edits.setValue(['title'], 'B'));
    expect(model.canRedo).toBe(false);
    model.undo();
    expect(model.value).toEqual(record());
  });

  it('merges a typing run into one undo step until sealed', () => {
    const model = new DocumentModel(record());
    for (const text of ['Z', 'Ze', 'Zee']) model.edit(edits.setValue(['title'], text), '/title');
    const replayed: PatchOperation[][] = [];
    const stop = model.onChange((change) => replayed.push(change.operations));
    model.undo();
    model.redo();
    stop();
    // However long the run, its step is one operation each way: back to the value before it, forward to the last.
    expect(replayed).toEqual([[{ op: 'replace', path: '/title', value: (record() as { title: string }).title }], [{ op: 'replace', path: '/title', value: 'Zee' }]]);
    model.sealHistory();
    model.edit(edits.setValue(['title'], 'other'), '/title');
    model.undo();
    expect((model.value as { title: string }).title).toBe('Zee');
    model.undo();
    expect(model.value).toEqual(record());
  });

  it('applies remote patches without making them undoable', () => {
    const model = new DocumentModel(record());
    const origins: string[] = [];
    model.onChange((change) => origins.push(change.origin));
    model.applyRemote([{ op: 'add', path: '/meta/remote', value: 1 }]);
    expect(model.canUndo).toBe(false);
    expect(origins).toEqual(['remote']);
  });

  it('drops an undo step that a remote change made inapplicable, leaving the document as it is', () => {
    const model = new DocumentModel(record());
    model.edit(edits.addProperty(['meta'], 'energy', 13));
    model.applyRemote([{ op: 'remove', path: '/meta' }]);
    const current = model.value;
    expect(model.undo()).toBe(false);
    expect(model.value).toBe(current);
    expect(model.canUndo).toBe(false);
    expect(model.canRedo).toBe(false);
  });

  it('keeps an applied edit undoable when a listener throws', () => {
    const model = new DocumentModel(record());
    const original = model.value;
    const stop = model.onChange(() => {
      throw new Error('listener failed');
    });
    expect(() => model.edit(edits.setValue(['title'], 'changed'))).toThrow('listener failed');
    stop();
    expect(model.canUndo).toBe(true);
    expect(model.undo()).toBe(true);
    expect(model.value).toEqual(original);
  });

  it('accumulates the operations to save and starts a new batch after taking them', () => {
    const model = new DocumentModel(record());
    model.edit(edits.setValue(['title'], 'A'));
    model.edit(edits.removeValue(['meta', 'flag']));
    model.undo();
    const pending = model.takePending();
    expect(pending).toHaveLength(3);
    expect(fastJsonPatch.applyPatch(record(), fastJsonPatch.deepClone(pending)).newDocument).toEqual(model.value);
    expect(model.takePending()).toEqual([]);
  });
});

describe('edit operations', () => {
  /** For edits that do not reorder, our operations are exactly what fast-json-patch's compare finds. */
  const comparable: [string, (doc: JsonValue) => ReturnType<typeof edits.setValue>][] = [
    ['set a leaf', () => edits.setValue(['items', 1, 'name'], 'renamed')],
    ['remove the last item', () => edits.removeValue(['items', 2])],
    ['append an item', () => edits.insertItem(['items'], 3, { name: 'fourth', n: 4 })],
    ['add a property', () => edits.addProperty(['meta'], 'energy', 13.6)],
    ['duplicate the last item', (doc) => edits.duplicate(doc, ['items', 2])],
    ['duplicate a property', (doc) => edits.duplicate(doc, ['title'])],
    ['change a number to a string', (doc) => edits.changeType(doc, ['meta', 'year'], 'string')],
    ['change a boolean to null', (doc) => edits.changeType(doc, ['meta', 'flag'], 'null')],
  ];
  for (const [name, makeOps] of comparable) {
    it(`${name}: equals fast-json-patch compare(before, after)`, () => {
      const model = new DocumentModel(record());
      const before = model.value;
      const operations = makeOps(before);
      model.edit(operations);
      expect(operations).toEqual(fastJsonPatch.compare(before as object, model.value as object));
    });
  }

  it('moves an item: same result as applying compare(before, after), and back with one undo', () => {
    const model = new DocumentModel(record());
    const before = model.value;
    model.edit(edits.moveItem(['items', 2], 1));
    const viaCompare = fastJsonPatch.applyPatch(structuredClone(before), fastJsonPatch.compare(before as object, model.value as object)).newDocument;
    expect(model.value).toEqual(viaCompare);
    expect((model.value as { items: { name: string }[] }).items.map((item) => item.name)).toEqual(['first', 'third', 'second']);
    model.undo();
    expect(model.value).toEqual(before);
  });

  it('duplicating a property picks a free key', () => {
    const doc = { a: 1, 'a copy': 2 };
    expect(edits.duplicate(doc, ['a'])).toEqual([{ op: 'add', path: '/a copy 2', value: 1 }]);
  });
});
