import type { FieldPath } from './capsule-error.js';

/** Splits an RFC 6901 JSON Pointer into the field path CAP clients expect; array indices become numbers. */
export function pointerToPath(pointer: string): FieldPath {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((token) => (/^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : token));
}

/** The inverse of pointerToPath. */
export function pathToPointer(path: FieldPath): string {
  return path.map((token) => '/' + String(token).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
