import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The built `capsule` command (npm test builds before it runs the tests). */
export const CAPSULE_BIN = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../cli/dist/bin.js');

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Stops it: SIGKILL for crash tests, SIGTERM otherwise; resolves when it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `capsule serve` (with any `extraFlags`) as its own process on a free port and waits until it says it is ready. */
export async function startChildServer(dataDir: string, databaseUrl: string, extraFlags: readonly string[] = []): Promise<ChildServer> {
  const child = spawn(process.execPath, [CAPSULE_BIN, 'serve', '--port', '0', '--data', dataDir, '--database', databaseUrl, '--log-level', 'info', ...extraFlags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`capsule serve did not start in 30 s: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`capsule serve exited with ${code}: ${stderr}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; address?: string };
        if (entry.msg === 'Capsule is ready' && entry.address) {
          clearTimeout(timer);
          resolve(entry.address);
        }
      } catch {
        // not a log line
      }
    });
  });
  return {
    url,
    process: child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
