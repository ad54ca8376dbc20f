import { randomFillSync, randomInt } from 'node:crypto';

/** Random bytes drawn from the system's generator many ids at a time: a draw costs as much as generating hundreds of bytes. */
const pool = Buffer.alloc(16 * 256);
let used = pool.length;

/**
 * Draft ids: 32 hexadecimal characters, as CAP writes them; a UUID version 7 (RFC 9562). Its
 * leading timestamp makes the ids of new drafts neighbours in every index keyed by them, so
 * inserts append to the same few pages instead of dirtying pages all over each index.
 */
export function newDraftId(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  // Stamped in place: each 16 bytes of the pool serve one id, and the string is all that leaves.
  const bytes = pool.subarray(used, (used += 16));
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return bytes.toString('hex');
}

export const isDraftId = (id: string): boolean => /^[0-9a-f]{32}$/.test(id);

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const randomBlock = (): string => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** A published record id from the schema's pattern, e.g. CAP.CMS.7QX2.K9MZ; uniqueness is checked by the caller. */
export function mintRecid(pattern: string | undefined, experiment: string | null, schemaName: string): string {
  const exp = (experiment ?? schemaName).toUpperCase().replace(/[^A-Z0-9]+/g, '');
  return (pattern ?? 'CAP.{experiment}.{random}.{random}').replace(/\{experiment\}/g, exp).replace(/\{random\}/g, randomBlock);
}
