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

describe('typing runs written in place', () => {
  const type = (model: DocumentModel, path: (string | number)[], texts: string[]) => {
    for (const text of texts) model.edit(edits.setValue(path, text), `edit:${path.join('/')}`);
  };
  const items = (doc: JsonValue) => (doc as { items: { name: string }[] }).items;

  it('writes every key after the first into the copies the first one made', () => {
    const model = new DocumentModel(record());
    const changes: Change[] = [];
    model.onChange((change) => changes.push(change));
    type(model, ['items', 1, 'name'], ['s', 'se', 'sec']);
    expect(changes.map((change) => change.inPlace)).toEqual([false, true, true]);
    expect(changes[1]!.after).toBe(changes[0]!.after);
    expect(changes[2]!.before).toBe(changes[2]!.after);
    expect(changes.map((change) => change.operations)).toEqual(['s', 'se', 'sec'].map((value) => [{ op: 'replace', path: '/items/1/name', value }]));
    expect(items(model.live)[1]!.name).toBe('sec');
  });

  it('never writes into the value it was given', () => {
    const given = record();
    const model = new DocumentModel(given);
    type(model, ['items', 0, 'name'], ['a', 'ab', 'abc']);
    expect(given).toEqual(record());
  });

  it('a document handed out mid-run does not change afterwards', () => {
    const model = new DocumentModel(record());
    const inPlace: boolean[] = [];
    model.onChange((change) => inPlace.push(change.inPlace));
    type(model, ['items', 0, 'name'], ['a', 'ab']);
    const snapshot = model.value;
    const copy = structuredClone(snapshot);
    type(model, ['items', 0, 'name'], ['abc', 'abcd']);
    expect(snapshot).toEqual(copy);
    expect(items(snapshot)[0]!.name).toBe('ab');
    expect(items(model.value)[0]!.name).toBe('abcd');
    // The key after the hand-out copies its path again, and the ones after it are written in place once more.
    expect(inPlace).toEqual([false, true, false, true]);
  });

  it('undo after a run restores exactly, redo the run, and the run is one step', () => {
    const model = new DocumentModel(record());
    type(model, ['items', 2, 'name'], ['t', 'th', 'thi']);
    const typed = structuredClone(model.value);
    expect(model.undo()).toBe(true);
    expect(model.value).toEqual(record());
    expect(model.canUndo).toBe(false);
    expect(model.redo()).toBe(true);
    expect(model.value).toEqual(typed);
    expect(fastJsonPatch.applyPatch(record(), fastJsonPatch.deepClone(model.takePending())).newDocument).toEqual(model.value);
  });

  it('a run into another field, a remote patch or an undo in between makes the next key copy', () => {
    const model = new DocumentModel(record());
    const inPlace: boolean[] = [];
    model.onChange((change) => change.origin === 'edit' && inPlace.push(change.inPlace));
    type(model, ['items', 0, 'name'], ['a', 'ab']);
    type(model, ['title'], ['T', 'Ti']);
    model.applyRemote([{ op: 'replace', path: '/meta/year', value: 2021 }]);
    type(model, ['title'], ['Tit']);
    model.undo();
    type(model, ['title'], ['x', 'xy']);
    expect(inPlace).toEqual([false, true, false, true, false, false, true]);
  });

  it('a subtree an edit put into the document is never written into, however it is typed into later', () => {
    const model = new DocumentModel(record());
    const inserted = { name: 'given', n: 9 };
    model.edit(edits.insertItem(['items'], 0, inserted));
    type(model, ['items', 0, 'name'], ['g', 'gi']);
    model.edit(edits.duplicate(model.live, ['items', 0]));
    type(model, ['items', 1, 'name'], ['d', 'du']);
    expect(inserted).toEqual({ name: 'given', n: 9 });
    expect(items(model.value).slice(0, 2).map((item) => item.name)).toEqual(['gi', 'du']);
  });

  it('a random mix of runs, hand-outs, edits, undo and redo: every document handed out stays as it was, and the result equals plain patching', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const model = new DocumentModel(record());
    let reference = structuredClone(record()) as JsonValue;
    model.onChange((change) => {
      reference = fastJsonPatch.applyPatch(reference, fastJsonPatch.deepClone(change.operations)).newDocument;
    });
    const handedOut: [JsonValue, JsonValue][] = [];
    for (let step = 0; step < 400; step++) {
      const choice = random(10);
      const count = items(model.live).length;
      if (choice < 5 && count > 0) type(model, ['items', random(count), 'name'], Array.from({ length: 1 + random(4) }, (_, i) => `v${step}.${i}`));
      else if (choice === 5) handedOut.push([model.value, structuredClone(model.value)]);
      else if (choice === 6) model.undo();
      else if (choice === 7) model.redo();
      else if (choice === 8 && count > 0) model.edit(edits.duplicate(model.live, ['items', random(count)]));
      else if (count > 1) model.edit(edits.removeValue(['items', random(count)]));
      else model.edit(edits.insertItem(['items'], 0, { name: 'new', n: step }));
      if (random(3) === 0) model.sealHistory();
      expect(model.live).toEqual(reference);
    }
    for (const [document, copy] of handedOut) expect(document).toEqual(copy);
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
