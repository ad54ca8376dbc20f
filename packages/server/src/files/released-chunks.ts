import { MessageChannel } from 'node:worker_threads';

/** A port whose other end is closed: what is posted to it is dropped, and a buffer transferred with it is freed. */
const discard = new MessageChannel();
discard.port2.close();
discard.port1.unref();

/**
 * Frees the memory of a chunk that nothing will read again, now rather than when a garbage
 * collection finds it dead. V8 counts such memory as external, and a full collection is started
 * once the external memory allocated since the last one outgrows the heap's slack: an upload's
 * body arrives as a fresh 64 KiB buffer per socket read, and on a heap that a collection after an
 * idle spell has shrunk, the chunks received between two young collections (about 25 MB) were
 * enough, one full collection each. Only a chunk that is the whole of its own, unshared memory
 * is freed: a slice may share its memory with other buffers.
 */
export function releaseChunk(chunk: Buffer): void {
  const memory = chunk.buffer;
  if (memory instanceof SharedArrayBuffer || chunk.byteOffset !== 0 || chunk.byteLength !== memory.byteLength) return;
  discard.port1.postMessage(undefined, [memory]);
}
