/** An upload's bytes pass through this many segments, used in turn: one filling while the others are written and hashed. */
export const RING_SEGMENTS = 8;
/**
 * Bytes per segment: one write to the temporary, one span for the digests. Small enough to be
 * still in the caches when the hashes read it. A multiple of the direct I/O block.
 */
export const SEGMENT_BYTES = 512 * 1024;

/** The one part of WebAssembly used here, which the type libraries the server builds with leave out. */
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => { readonly buffer: SharedArrayBuffer };
};
/** WebAssembly's unit of memory. */
const WASM_PAGE = 64 * 1024;
/** Rings kept for the next uploads; more uploads at once than this allocate their own. */
const KEPT = 4;
const spare: SharedArrayBuffer[] = [];

/**
 * Shared memory for one upload's bytes on their way to disk and to the digest workers. Rings are
 * reused: a fresh one is external memory, and its growth sets off full garbage collections, which
 * on a large heap cost more than many small uploads' own work. A ring is a shared WebAssembly
 * memory because that is mapped on a page boundary, as direct writes from it need; a
 * SharedArrayBuffer of this size comes from malloc, 16 bytes past one.
 */
export function takeRing(): SharedArrayBuffer {
  const pages = (RING_SEGMENTS * SEGMENT_BYTES) / WASM_PAGE;
  return spare.pop() ?? (new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }).buffer);
}

/** Gives a ring back once nothing reads or writes it any more. */
export function returnRing(ring: SharedArrayBuffer): void {
  if (spare.length < KEPT) spare.push(ring);
}
