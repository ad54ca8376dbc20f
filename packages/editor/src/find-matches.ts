import { isContainer, type JsonValue, type Path } from './json.js';

/** Paths whose key or scalar value contains `query` (case-insensitive), in row order; stops at `limit`. */
export function findMatches(doc: JsonValue, query: string, limit = 10_000): Path[] {
  const needle = query.toLowerCase();
  const matches: Path[] = [];
  if (needle === '') return matches;
  const visit = (value: JsonValue, path: (string | number)[]): void => {
    if (matches.length >= limit) return;
    const key = path[path.length - 1];
    const keyMatches = typeof key === 'string' && key.toLowerCase().includes(needle);
    const valueMatches = !isContainer(value) && String(value).toLowerCase().includes(needle);
    if (keyMatches || valueMatches) matches.push(path.slice());
    if (!isContainer(value)) return;
    if (Array.isArray(value)) {
      value.forEach((item: JsonValue, index) => {
        path.push(index);
        visit(item, path);
        path.pop();
      });
    } else {
      for (const [name, child] of Object.entries(value)) {
        path.push(name);
        visit(child, path);
        path.pop();
      }
    }
  };
  visit(doc, []);
  return matches;
}
