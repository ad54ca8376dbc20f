/**
 * Files benchmark: upload then download a 1 GiB file through the API on loopback, against
 * writing and reading the same bytes to the same disk directly in this process (the floor).
 *
 *   npm run bench:files [-- --mib 1024]
 *
 * The server is `capsule serve` in its own process (SQLite, files under its data directory);
 * the client streams with node:http, never holding more than one MiB. Both sides sync to disk
 * before they count as written. Prints MB/s for each, the ratios, and the server's peak
 * resident memory (VmHWM). Goals: at least half the direct rate both ways, under 200 MB.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCapsule } from '../packages/server/src/capsule.js';
import { resolveConfig } from '../packages/server/src/config/config.js';
import { startChildServer } from '../packages/server/test/support/child-server.js';

const MIB = 1024 * 1024;
const { values: args } = parseArgs({ options: { mib: { type: 'string', default: '1024' } } });
const total = Number(args.mib) * MIB;
const chunk = randomBytes(MIB);

const mbPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** The floor: the same MiB written `total / MIB` times to a file on the same disk, synced; then read back. */
async function direct(dir: string): Promise<{ write: number; read: number }> {
  const file = path.join(dir, 'direct.bin');
  const write = await timed(async () => {
    const handle = await fsp.open(file, 'w');
    for (let written = 0; written < total; written += MIB) await handle.write(chunk);
    await handle.datasync();
    await handle.close();
  });
  const read = await timed(async () => {
    for await (const _ of fs.createReadStream(file, { highWaterMark: MIB })) void _;
  });
  await fsp.rm(file);
  return { write, read };
}

/** PUT of `total` bytes with backpressure; resolves with the response. */
function upload(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': total },
    });
    request.once('error', reject);
    request.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.once('end', () => resolve({ status: res.statusCode!, body }));
    });
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += MIB;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

/** GET, counting and discarding the bytes. */
function download(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let size = 0;
        res.on('data', (d: Buffer) => (size += d.length));
        res.once('end', () => resolve(size));
        res.once('error', reject);
      })
      .once('error', reject);
  });
}

/** VmHWM (peak resident memory so far) or VmRSS (now) of a process, in bytes. */
function residentBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-bench-files-'));
  const databaseUrl = `sqlite:${path.join(dataDir, 'capsule.sqlite')}`;
  try {
    const setup = await openCapsule(resolveConfig({ dataDir, databaseUrl, logLevel: 'silent' }, {}));
    const token = (await setup.accounts.createToken('bench@example.org')).token;
    await setup.close();

    const floor = await direct(dataDir);

    const server = await startChildServer(dataDir, databaseUrl);
    try {
      const draft = await fetch(`${server.url}/api/deposits/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ $ana_type: 'cms-analysis' }),
      });
      if (draft.status !== 201) throw new Error(`creating the draft: ${draft.status} ${await draft.text()}`);
      const url = `${server.url}${new URL(((await draft.json()) as { links: { bucket: string } }).links.bucket).pathname}/outputs/big.bin`;

      const pid = server.process.pid!;
      const atStart = residentBytes(pid, 'VmHWM');
      let duringTransfers = 0;
      const sampler = setInterval(() => (duringTransfers = Math.max(duringTransfers, residentBytes(pid, 'VmRSS'))), 20);
      let put: { status: number; body: string } | undefined;
      const uploadMs = await timed(async () => {
        put = await upload(url, token);
      });
      if (put!.status !== 200) throw new Error(`upload: ${put!.status} ${put!.body}`);
      let received = 0;
      const downloadMs = await timed(async () => {
        received = await download(url, token);
      });
      if (received !== total) throw new Error(`download: ${received} bytes of ${total}`);
      clearInterval(sampler);
      const peak = residentBytes(pid, 'VmHWM');

      const rows = [
        ['write', mbPerSecond(total, floor.write), mbPerSecond(total, uploadMs)],
        ['read', mbPerSecond(total, floor.read), mbPerSecond(total, downloadMs)],
      ] as const;
      process.stdout.write(`files benchmark: ${total / MIB} MiB, server on loopback, ${os.cpus().length} cores\n`);
      process.stdout.write(`${'direction'.padEnd(10)}${'direct MB/s'.padStart(14)}${'API MB/s'.padStart(12)}${'ratio'.padStart(9)}\n`);
      for (const [name, floorRate, apiRate] of rows) {
        process.stdout.write(`${name.padEnd(10)}${floorRate.toFixed(0).padStart(14)}${apiRate.toFixed(0).padStart(12)}${(apiRate / floorRate).toFixed(2).padStart(9)}\n`);
      }
      const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
      process.stdout.write(`server peak resident memory: ${mb(peak)} (peak by the end of start-up ${mb(atStart)}; highest sampled during the transfers ${mb(duringTransfers)})\n`);
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
