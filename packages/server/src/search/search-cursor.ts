import { isRowId } from '../db/row-id.js';
import { CapsuleError } from '../errors/capsule-error.js';

/** Where a page ended, for the next page to start after it: the sort, its key there, the document id. */
export interface Cursor {
  sort: string;
  key: string | number;
  id: number;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');

export function decodeCursor(raw: string): Cursor {
  const bad = () => new CapsuleError('bad_request', 'after is not a cursor from a links.next of this search.', [{ field: ['after'], message: 'unreadable cursor' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw bad();
  const [sort, key, id] = parsed as unknown[];
  if (typeof sort !== 'string' || (typeof key !== 'string' && typeof key !== 'number') || !isRowId(id)) throw bad();
  return { sort, key, id };
}
