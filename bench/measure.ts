/** What the benchmarks share to turn their rounds into figures: the median, a process's CPU time, the machine's load. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** The middle value; with an even count, the mean of the two middle ones. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The one-minute load average, as the benchmarks print it beside their figures on a machine that may be shared. */
export const oneMinuteLoad = () => os.loadavg()[0]!.toFixed(2);

/** User + system CPU seconds this process has used since `before` (a `process.cpuUsage()`). */
export function ownCpuSecondsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/**
 * User + system CPU seconds a process has used so far, or undefined where /proc does not tell.
 * Compared before and after a measurement, it is that process's own work whatever else the
 * shared machine is running. With `mainThread`, only its main thread's (a Node process's event
 * loop, without the threads that work beside it).
 */
export function cpuSeconds(pid: number | undefined, { mainThread = false } = {}): number | undefined {
  try {
    const fields = fs.readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
  } catch {
    return undefined;
  }
}
