import { CapsuleError } from '../errors/capsule-error.js';

/** Keys are paths inside a bucket, as CAP stores them; longer ones are refused. */
const MAX_KEY_BYTES = 1024;

const invalidKey = (key: string, reason: string) =>
  new CapsuleError('bad_request', `Invalid file key ${JSON.stringify(key)}: ${reason}.`, [{ field: ['key'], message: reason }]);

/**
 * A key is a relative path (`code/analysis.py`) that stays inside its bucket: no empty, `.` or
 * `..` segments, no leading slash or backslash, no control characters, at most 1,024 bytes.
 */
export function parseObjectKey(key: string): string {
  if (key === '') throw invalidKey(key, 'a key is required');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw invalidKey(key.slice(0, 64), `longer than ${MAX_KEY_BYTES} bytes`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(key)) throw invalidKey(key, 'control characters are not allowed');
  if (key.includes('\\')) throw invalidKey(key, 'backslashes are not allowed; use / between folders');
  if (key.startsWith('/')) throw invalidKey(key, 'a key is relative to its bucket, not absolute');
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw invalidKey(key, 'empty, "." and ".." path segments are not allowed');
  }
  return key;
}

export type ObjectTags = Record<string, string>;

/** `X-CAP-File-Tags: k=v&k2=v2` (form-encoded) into tags; absent: none. */
export function parseObjectTags(header: string | undefined): ObjectTags {
  if (header === undefined || header.trim() === '') return {};
  const tags: ObjectTags = {};
  for (const [k, v] of new URLSearchParams(header)) {
    if (k === '' || k.length > 255 || v.length > 1024) {
      throw new CapsuleError('bad_request', 'X-CAP-File-Tags must be k=v pairs joined by &, keys of 1 to 255 characters, values up to 1,024.', [
        { field: ['X-CAP-File-Tags'], message: `invalid tag ${JSON.stringify(k)}` },
      ]);
    }
    tags[k] = v;
  }
  return tags;
}
