/** Pointers come from schema configs, a small set read for every record written: split once. */
const splitPointers = new Map<string, readonly string[]>();

function tokensOf(pointer: string): readonly string[] {
  let tokens = splitPointers.get(pointer);
  if (!tokens) {
    tokens = pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    splitPointers.set(pointer, tokens);
  }
  return tokens;
}

/**
 * Values found at a JSON Pointer in which `*` stands for every item of an array (or every
 * value of an object): `/physics_objects/*\/physics_object`. Only scalars count as facet values.
 */
export function valuesAt(doc: unknown, pointer: string): string[] {
  const tokens = tokensOf(pointer);
  const out = new Set<string>();
  const walk = (node: unknown, i: number): void => {
    if (node === null || node === undefined) return;
    if (i === tokens.length) {
      if (Array.isArray(node)) node.forEach((n) => walk(n, i));
      else if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
        const value = String(node).trim();
        if (value) out.add(value.slice(0, 200));
      }
      return;
    }
    if (typeof node !== 'object') return;
    const token = tokens[i]!;
    if (token === '*') {
      for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child, i + 1);
    } else {
      walk((node as Record<string, unknown>)[token], i + 1);
    }
  };
  walk(doc, 0);
  return [...out];
}
