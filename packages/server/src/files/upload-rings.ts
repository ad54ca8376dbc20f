/** An upload's bytes pass through this many segments, used in turn: one filling while the others are written and hashed. */
export const RING_SEGMENTS = 8;
/**
 * Bytes per segment: one write to the temporary, one span for the digests. Small enough to be
 * still in the caches when the kernel copies it and the hashes read it: with 2 MiB segments the
 * same gigabyte cost the writes about three times the CPU.
 */
export const SEGMENT_BYTES = 512 * 1024;

/** Rings kept for the next uploads; more uploads at once than this allocate their own. */
const KEPT = 4;
const spare: SharedArrayBuffer[] = [];

/**
 * Shared memory for one upload's bytes on their way to disk and to the digest workers. Rings are
 * reused: a fresh one is external memory, and its growth sets off full garbage collections, which
 * on a large heap cost more than many small uploads' own work.
 */
export function takeRing(): SharedArrayBuffer {
  return spare.pop() ?? new SharedArrayBuffer(RING_SEGMENTS * SEGMENT_BYTES);
}

/** Gives a ring back once nothing reads or writes it any more. */
export function returnRing(ring: SharedArrayBuffer): void {
  if (spare.length < KEPT) spare.push(ring);
}
