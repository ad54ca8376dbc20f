import { CapsuleError } from '../errors/capsule-error.js';
import type { ByteSpan } from './blob-store.js';

/**
 * The span a `Range` header asks for in a file of `size` bytes (RFC 9110): `bytes=a-b`,
 * `bytes=a-`, `bytes=-n`. No header, another unit, or several ranges: the whole file
 * (a server may ignore a Range). A range that starts past the end: 416.
 */
export function byteSpan(range: string | undefined, size: number): ByteSpan | undefined {
  if (range === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(range);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const unsatisfiable = () => new CapsuleError('range_not_satisfiable', `The file has ${size} bytes; the range ${range.trim()} lies outside it.`);
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined; // invalid: ignored
  if (start >= size) throw unsatisfiable();
  return { start, end };
}
