import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';

/**
 * Direct I/O moves a file's bytes between the device and the process's own memory, past the
 * page cache. A buffered write or a read of a file not cached copies every byte through
 * page-cache pages the kernel takes afresh; on a virtual machine whose host backs guest memory
 * lazily, that copy cost the server more CPU than anything else in a transfer: about 2 s per GiB
 * uploaded (of 4.5), as much again downloading a file not cached, against about 0.1 direct.
 */

/**
 * What a direct read or write must be whole blocks of, at a block boundary, into or from memory
 * aligned to a block: the largest logical block size block devices have (most have 512).
 */
export const DIRECT_IO_BLOCK = 4096;

/** An open file; `direct`: its reads and writes bypass the page cache, in whole aligned blocks. */
export interface OpenFile {
  handle: FileHandle;
  direct: boolean;
}

/**
 * Opens `file` with `flags`, for direct I/O where the file system allows it; a file system that
 * refuses it (EINVAL) gets a buffered file. Durability is unchanged: a direct write still needs
 * a sync afterwards for the device's cache and the file's size and blocks.
 */
export async function openDirect(file: string, flags: number): Promise<OpenFile> {
  const { O_DIRECT, O_EXCL } = fs.constants;
  if (O_DIRECT !== undefined) {
    try {
      return { handle: await fsp.open(file, flags | O_DIRECT), direct: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EINVAL') throw e;
    }
  }
  // A name already taken fails before the direct open is refused: if O_EXCL was asked, that
  // refused open is what created the file.
  return { handle: await fsp.open(file, flags & ~O_EXCL), direct: false };
}

/** The one part of WebAssembly used here, which the type libraries the server builds with leave out. */
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => { readonly buffer: ArrayBuffer | SharedArrayBuffer };
};
/** WebAssembly's unit of memory. */
const WASM_PAGE = 64 * 1024;

/**
 * At least `bytes` of memory starting on a page boundary, as direct I/O needs: WebAssembly
 * memory is mapped on its own, where an ArrayBuffer of this size comes from malloc, 16 bytes
 * past a page. Shared, it can be handed to worker threads.
 */
export function blockAlignedMemory(bytes: number, shared: true): SharedArrayBuffer;
export function blockAlignedMemory(bytes: number, shared: false): ArrayBuffer;
export function blockAlignedMemory(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  const pages = Math.ceil(bytes / WASM_PAGE);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared }).buffer;
}
