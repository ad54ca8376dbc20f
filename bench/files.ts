/**
 * Files benchmark: upload then download a 1 GiB file through the API on loopback, against
 * writing and reading the same bytes to the same disk directly in this process (the floor).
 *
 *   npm run bench:files [-- --mib 1024 --runs 3]
 *
 * The server is `capsule serve` in its own process (SQLite, files under its data directory);
 * the client streams with node:http, never holding more than one MiB. Both sides sync to disk
 * before they count as written, each after the same pause (see `settle`). Each run measures the
 * floor and the API one after the other, so that both see the same load on a shared machine; the
 * summary is the median of the runs.
 * Prints MB/s for each, the ratios, the CPU time each transfer cost the server and this process,
 * the load average, and the server's peak resident memory (VmHWM). Goals: at least half the
 * direct rate both ways, under 200 MB.
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
import { cpuSeconds, median } from './measure.js';

const MIB = 1024 * 1024;
const { values: args } = parseArgs({ options: { mib: { type: 'string', default: '1024' }, runs: { type: 'string', default: '3' } } });
const total = Number(args.mib) * MIB;
const runs = Number(args.runs);
if (!(total > 0) || !(runs > 0)) throw new Error('--mib and --runs take positive numbers');
const chunk = randomBytes(MIB);

const mbPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
/**
 * Waits before a write so that the memory the previous file let go of has settled. On a virtual
 * machine that hands free memory back to its host (within about 2 s), page-cache pages touched
 * for the first time cost several times more than pages freed a moment ago: without the pause,
 * whichever write came right after a delete (the API upload, after the floor's file) had the
 * cheaper kind, and a slow write got fewer of them than a fast one. After the same pause, both
 * start from the same state, whichever kind it gives.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 3000));
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** What a transfer cost: wall milliseconds, and CPU seconds of the server and of this process. */
interface Cost {
  ms: number;
  serverCpu: number;
  ownCpu: number;
}

async function measured(serverPid: number | undefined, work: () => Promise<void>): Promise<Cost> {
  // No server: the floor. A server whose CPU time /proc does not tell: NaN, not a made-up 0.
  const serverCpu = () => (serverPid === undefined ? 0 : (cpuSeconds(serverPid) ?? Number.NaN));
  const serverBefore = serverCpu();
  const ownBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  const own = process.cpuUsage(ownBefore);
  return { ms, serverCpu: serverCpu() - serverBefore, ownCpu: (own.user + own.system) / 1e6 };
}

/** The floor: the same MiB written `total / MIB` times to a file on the same disk, synced. */
async function directWrite(file: string): Promise<void> {
  const handle = await fsp.open(file, 'w');
  for (let written = 0; written < total; written += MIB) await handle.write(chunk);
  await handle.datasync();
  await handle.close();
}

async function directRead(file: string): Promise<void> {
  for await (const _ of fs.createReadStream(file, { highWaterMark: MIB })) void _;
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

interface Run {
  direct: { write: Cost; read: Cost };
  api: { write: Cost; read: Cost };
  load: string;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-bench-files-'));
  const databaseUrl = `sqlite:${path.join(dataDir, 'capsule.sqlite')}`;
  const directFile = path.join(dataDir, 'direct.bin');
  try {
    const setup = await openCapsule(resolveConfig({ dataDir, databaseUrl, logLevel: 'silent' }, {}));
    const token = (await setup.accounts.createToken('bench@example.org')).token;
    await setup.close();

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
      const results: Run[] = [];
      process.stdout.write(`files benchmark: ${total / MIB} MiB, server on loopback, ${os.cpus().length} cores, ${runs} runs; load average ${loadAverage()}\n`);
      for (let run = 0; run < runs; run++) {
        chunk.writeUInt32BE(run, 0); // new content each run: an upload of bytes already stored would skip placing them
        await settle();
        const directWriteCost = await measured(undefined, () => directWrite(directFile));
        const directReadCost = await measured(undefined, () => directRead(directFile));
        await fsp.rm(directFile);
        let put: { status: number; body: string } | undefined;
        await settle();
        const apiWriteCost = await measured(pid, async () => {
          put = await upload(url, token);
        });
        if (put!.status !== 200) throw new Error(`upload: ${put!.status} ${put!.body}`);
        let received = 0;
        const apiReadCost = await measured(pid, async () => {
          received = await download(url, token);
        });
        if (received !== total) throw new Error(`download: ${received} bytes of ${total}`);
        const removed = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
        if (removed.status !== 204) throw new Error(`delete: ${removed.status} ${await removed.text()}`);
        results.push({ direct: { write: directWriteCost, read: directReadCost }, api: { write: apiWriteCost, read: apiReadCost }, load: loadAverage() });
        report(`run ${run + 1}`, [results.at(-1)!]);
      }
      clearInterval(sampler);
      const peak = residentBytes(pid, 'VmHWM');
      report(`median of ${runs}`, results);
      const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
      process.stdout.write(`server peak resident memory: ${mb(peak)} (peak by the end of start-up ${mb(atStart)}; highest sampled during the transfers ${mb(duringTransfers)})\n`);
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One table: rates, ratio and CPU seconds per direction, each the median over `results`. */
function report(title: string, results: Run[]): void {
  const line = (...cells: string[]) => process.stdout.write(`${cells[0]!.padEnd(10)}${cells.slice(1).map((c, i) => c.padStart([14, 12, 9, 18, 18, 18][i]!)).join('')}\n`);
  process.stdout.write(`${title} (load average after: ${results.map((r) => r.load.split(' ')[0]).join(', ')})\n`);
  line('direction', 'direct MB/s', 'API MB/s', 'ratio', 'direct CPU s/GiB', 'server CPU s/GiB', 'client CPU s/GiB');
  for (const direction of ['write', 'read'] as const) {
    const perGiB = (seconds: number) => ((seconds * 1024 * MIB) / total).toFixed(2);
    const directRate = median(results.map((r) => mbPerSecond(total, r.direct[direction].ms)));
    const apiRate = median(results.map((r) => mbPerSecond(total, r.api[direction].ms)));
    const ratio = median(results.map((r) => r.direct[direction].ms / r.api[direction].ms));
    line(
      direction,
      directRate.toFixed(0),
      apiRate.toFixed(0),
      ratio.toFixed(2),
      perGiB(median(results.map((r) => r.direct[direction].ownCpu))),
      perGiB(median(results.map((r) => r.api[direction].serverCpu))),
      perGiB(median(results.map((r) => r.api[direction].ownCpu))),
    );
  }
}

await main();
