import fs from 'node:fs';

/** How many files under `dir` this process has open. */
export function openFilesUnder(dir: string): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
    } catch {
      return false; // closed since it was listed
    }
  }).length;
}
