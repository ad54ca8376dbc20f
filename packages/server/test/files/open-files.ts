import fs from 'node:fs';
import path from 'node:path';

/** How many files under `dir` this process has open. */
export function openFilesUnder(dir: string): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      // With the separator: a sibling whose name begins with the directory's is not under it.
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir + path.sep);
    } catch {
      return false; // closed since it was listed
    }
  }).length;
}
