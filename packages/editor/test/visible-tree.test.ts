import { describe, expect, it } from 'vitest';
import { DocumentModel } from '../src/document-model.js';
import { isContainer, type JsonValue, type Path } from '../src/json.js';
import { toPointer } from '../src/json-pointer.js';
import type { PatchOperation } from '../src/patch-operation.js';
import { VisibleTree } from '../src/visible-tree.js';

/** The rows a user should see, computed the slow, obvious way from the tree's open/closed state. */
function naiveRows(tree: VisibleTree, value: JsonValue, path: Path = []): string[] {
  const rows = [toPointer(path)];
  if (!isContainer(value) || !tree.isExpanded(path)) return rows;
  for (const [key, child] of Object.entries(value)) rows.push(...naiveRows(tree, child, [...path, Array.isArray(value) ? Number(key) : key]));
  return rows;
}

function expectConsistent(tree: VisibleTree, doc: JsonValue): void {
  const expected = naiveRows(tree, doc);
  expect(tree.rowCount).toBe(expected.length);
  expected.forEach((pointer, index) => {
    const row = tree.rowAt(index);
    expect(toPointer(row.path)).toBe(pointer);
    expect(tree.indexOf(row.path)).toBe(index);
  });
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const sample = (): JsonValue => ({
  title: 't',
  items: Array.from({ length: 8 }, (_, i) => ({ name: `n${i}`, tags: ['a', 'b'], nested: { x: i } })),
  meta: { a: 1, b: [1, 2, 3] },
});

describe('VisibleTree', () => {
  it('lists rows depth-first and starts large containers and their children collapsed', () => {
    const doc = { small: [1, 2], big: Array.from({ length: 5 }, (_, i) => ({ i })) };
    const tree = new VisibleTree(doc, { autoCollapse: 3 });
    expect(tree.rowCount).toBe(1 + 1 + 2 + 1);
    expect(tree.rowAt(4).path).toEqual(['big']);
    tree.setExpanded(['big'], true);
    expect(tree.rowCount).toBe(5 + 5);
    expect(tree.rowAt(5)).toMatchObject({ path: ['big', 0], expandable: true, expanded: false, depth: 2 });
    expectConsistent(tree, doc);
  });

  it('reveals a deep path and expands everything below a node', () => {
    const doc = sample();
    const tree = new VisibleTree(doc, { autoCollapse: 2 });
    tree.reveal(['items', 3, 'nested', 'x']);
    expect(tree.indexOf(['items', 3, 'nested', 'x'])).toBeGreaterThan(0);
    tree.setExpandedDeep([], true);
    expectConsistent(tree, doc);
    expect(tree.rowCount).toBe(naiveRows(tree, doc).length);
    tree.setExpandedDeep(['items'], false);
    expectConsistent(tree, doc);
  });

  it('follows random edits, moves and toggles exactly like a full recount', () => {
    const random = seeded(7);
    const pick = (n: number) => Math.floor(random() * n);
    const model = new DocumentModel(sample());
    const tree = new VisibleTree(model.value, { autoCollapse: 5 });
    model.onChange((change) => {
      let before = change.before;
      change.operations.forEach((operation, i) => {
        const after = change.steps[i] as JsonValue;
        tree.apply(operation, before, after);
        before = after;
      });
    });
    for (let step = 0; step < 300; step++) {
      const items = (model.value as { items: JsonValue[] }).items;
      const n = items.length;
      const choice = pick(9);
      const target = pick(n);
      const isObject = isContainer(items[target]) && !Array.isArray(items[target]);
      let operations: PatchOperation[] = [];
      if (choice === 0 && isObject) operations = [{ op: 'add', path: `/items/${target}/name`, value: `v${step}` }];
      if (choice === 1) operations = [{ op: 'add', path: `/items/${pick(n + 1)}`, value: { name: 'new', tags: [step] } }];
      if (choice === 2 && n > 1) operations = [{ op: 'remove', path: `/items/${pick(n)}` }];
      if (choice === 3 && n > 1) operations = [{ op: 'move', from: `/items/${pick(n)}`, path: `/items/${pick(n)}` }];
      if (choice === 4 && isObject) operations = [{ op: 'add', path: `/items/${target}/extra`, value: [1, { deep: true }] }];
      if (choice === 5 && n > 0) operations = [{ op: 'replace', path: `/items/${pick(n)}`, value: step % 2 ? 'scalar' : { fresh: [1, 2] } }];
      if (choice === 6 && n > 0) tree.setExpanded(['items', pick(n)], random() > 0.5);
      if (choice === 7) tree.setExpanded(['items'], random() > 0.2);
      if (choice === 8 && n > 0) operations = [{ op: 'move', from: `/items/${pick(n)}`, path: '/meta/moved' }, { op: 'copy', from: '/meta', path: '/items/0' }];
      if (operations.length > 0) model.edit(operations);
      if (step % 10 === 0 && random() > 0.5 && model.canUndo) model.undo();
      expectConsistent(tree, model.value);
    }
  });

  it('counts a 100,000-item array without visiting its collapsed items', () => {
    const doc = { items: Array.from({ length: 100_000 }, (_, i) => ({ name: `n${i}`, values: [i] })) };
    const tree = new VisibleTree(doc, { autoCollapse: 100 });
    expect(tree.rowCount).toBe(2);
    tree.setExpanded(['items'], true);
    expect(tree.rowCount).toBe(100_002);
    tree.setExpandedDeep(['items'], true);
    expect(tree.rowCount).toBe(2 + 100_000 * 4);
    expect(tree.rowAt(tree.rowCount - 1).path).toEqual(['items', 99_999, 'values', 0]);
  });
});
