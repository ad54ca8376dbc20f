/**
 * Files benchmark: upload then download a 1 GiB file through the API on loopback, against
 * writing and reading the same bytes to the same disk directly in this process (the floor).
 *
 *   npm run bench:files [-- --mib 1024 --runs 3]
 *
 * The server is `capsule serve` in its own process (SQLite, files under its data directory);
 * the client streams with node:http, never holding more than one MiB, in a process of its own
 * (this file run with --client) that loads nothing else: loaded beside the server's modules, the
 * same client took two to four times the CPU per byte received and was what bounded downloads.
 * Both sides sync to disk before they count as written, each after the same pause (see `settle`).
 * Beside them, two ceilings tell what any server could do here: the same bytes through a bare
 * node:http server in its own process (this file run with --bare-server: a PUT whose body is
 * dropped, a GET of one buffer sent over and over; no disk, no hashing), with the same client;
 * and the md5+sha256 of the same bytes in one thread, which an upload must compute.
 * Each run measures all of them one after the other, so that they see the same load on a shared
 * machine; the summary is the median of the runs.
 * Prints MB/s for each, the ratios, the CPU time each transfer cost its server and its client,
 * the load average, and the server's peak resident memory (VmHWM). Goals: at least half the
 * direct rate both ways, under 200 MB.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSeconds, median, ownCpuSecondsSince } from './measure.js';

const MIB = 1024 * 1024;
const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '1024' },
    runs: { type: 'string', default: '3' },
    'bare-server': { type: 'boolean', default: false },
    client: { type: 'boolean', default: false },
  },
});
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

/** Wall milliseconds of some work, and the CPU seconds the process that did it spent on it. */
interface Timing {
  ms: number;
  cpu: number;
}

/**
 * What a transfer cost: its timing (`ownCpu` is the client's, or this process's for the floor),
 * and the server's CPU seconds, all threads and its main thread (the event loop) alone.
 */
interface Cost {
  ms: number;
  serverCpu: number;
  serverMainCpu: number;
  ownCpu: number;
}

async function timed(work: () => Promise<void>): Promise<Timing> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  return { ms, cpu: ownCpuSecondsSince(cpuBefore) };
}

async function measured(serverPid: number | undefined, work: () => Promise<Timing>): Promise<Cost> {
  // No server: the floor. A server whose CPU time /proc does not tell: NaN, not a made-up 0.
  const serverCpu = (mainThread: boolean) => (serverPid === undefined ? 0 : (cpuSeconds(serverPid, { mainThread }) ?? Number.NaN));
  const [serverBefore, mainBefore] = [serverCpu(false), serverCpu(true)];
  const { ms, cpu } = await work();
  return { ms, serverCpu: serverCpu(false) - serverBefore, serverMainCpu: serverCpu(true) - mainBefore, ownCpu: cpu };
}

/** In this process: the floor and the hashing. */
const measuredHere = (work: () => Promise<void>) => measured(undefined, () => timed(work));

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

/** PUT of `total` bytes with backpressure; fails unless answered 200. */
function upload(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': total },
    });
    request.once('error', reject);
    request.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`upload to ${url}: ${res.statusCode} ${body}`))));
    });
    sendAll(request);
  });
}

/** Writes `total` bytes, the same MiB over and over, waiting for 'drain' when the stream asks, then ends it. */
function sendAll(out: http.ClientRequest | http.ServerResponse): void {
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += MIB;
      if (!out.write(chunk)) return void out.once('drain', pump);
    }
    out.end();
  };
  pump();
}

/** GET, counting and discarding the bytes; fails unless every byte came. */
function download(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let size = 0;
        res.on('data', (d: Buffer) => (size += d.length));
        res.once('end', () => (size === total ? resolve() : reject(new Error(`download from ${url}: ${size} bytes of ${total}`))));
        res.once('error', reject);
      })
      .once('error', reject);
  });
}

/** The md5 and sha256 of the same `total` bytes in this thread, in the pieces the floor writes. */
async function hashing(algorithms: readonly string[]): Promise<void> {
  const hashes = algorithms.map((a) => createHash(a));
  for (let hashed = 0; hashed < total; hashed += MIB) for (const h of hashes) h.update(chunk);
  for (const h of hashes) h.digest();
}

/**
 * The bare ceiling's server, run in a process of its own (this file with --bare-server): a PUT's
 * body is read and dropped, a GET sends one MiB over and over (with backpressure) until `total`.
 * It prints its address on one line when it listens.
 */
function serveBare(): void {
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT') {
      req.on('data', () => {}).once('end', () => res.end('{}'));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
    sendAll(res);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`http://127.0.0.1:${port}\n`);
  });
}

/** Starts the bare server as a child process; resolves with its URL, its pid and a way to stop it. */
async function startBareServer(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--bare-server', '--mib', String(total / MIB)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}

/** What the client process is asked: one transfer, of the content of run `run`. */
interface Transfer {
  kind: 'put' | 'get';
  url: string;
  token: string;
  run: number;
}

/** The client's process (this file with --client): does each transfer it is sent and answers its timing, or the error. */
function serveClient(): void {
  process.on('message', (m: Transfer) => {
    chunk.writeUInt32BE(m.run, 0); // new content each run: an upload of bytes already stored would skip placing them
    timed(() => (m.kind === 'put' ? upload(m.url, m.token) : download(m.url, m.token))).then(
      (timing) => process.send!(timing),
      (e: Error) => process.send!({ error: e.message }),
    );
  });
}

/** Starts the client process; `transfer` resolves with what one transfer took there. */
function startClient(): { transfer: (t: Transfer) => Promise<Timing>; stop: () => void } {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--client', '--mib', String(total / MIB)], { execArgv: process.execArgv });
  return {
    transfer: (t) =>
      new Promise((resolve, reject) => {
        // A client that dies mid-transfer never answers: fail rather than wait for ever.
        const died = (code: number | null) => reject(new Error(`the client exited with ${code}`));
        child.once('exit', died);
        child.once('message', (answer: Timing | { error: string }) => {
          child.off('exit', died);
          if ('error' in answer) reject(new Error(answer.error));
          else resolve(answer);
        });
        child.send(t);
      }),
    stop: () => child.connected && child.disconnect(),
  };
}

/** VmHWM (peak resident memory so far) or VmRSS (now) of a process, in bytes. */
function residentBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
}

type Direction = 'write' | 'read';
/** One run: each way through the floor, the bare server and the API; and the hashing an upload must do. */
interface Run {
  direct: Record<Direction, Cost>;
  bare: Record<Direction, Cost>;
  api: Record<Direction, Cost>;
  hashing: { md5AndSha256: Cost; md5: Cost };
  load: string;
}

async function main() {
  // Loaded here only, so that the client and the bare server, which run this file too, stay bare.
  const { openCapsule } = await import('../packages/server/src/capsule.js');
  const { resolveConfig } = await import('../packages/server/src/config/config.js');
  const { startChildServer } = await import('../packages/server/test/support/child-server.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-bench-files-'));
  const databaseUrl = `sqlite:${path.join(dataDir, 'capsule.sqlite')}`;
  const directFile = path.join(dataDir, 'direct.bin');
  try {
    const setup = await openCapsule(resolveConfig({ dataDir, databaseUrl, logLevel: 'silent' }, {}));
    const token = (await setup.accounts.createToken('bench@example.org')).token;
    await setup.close();

    // Stopped in reverse order, whichever of them started.
    const started: { stop: () => unknown }[] = [];
    try {
      const client = startClient();
      started.push(client);
      const bare = await startBareServer();
      started.push(bare);
      const server = await startChildServer(dataDir, databaseUrl);
      started.push(server);
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
      process.stdout.write(`files benchmark: ${total / MIB} MiB, servers on loopback, ${os.cpus().length} cores, ${runs} runs; load average ${loadAverage()}\n`);
      for (let run = 0; run < runs; run++) {
        chunk.writeUInt32BE(run, 0);
        await settle();
        const floorWrite = await measuredHere(() => directWrite(directFile));
        const floorRead = await measuredHere(() => directRead(directFile));
        await fsp.rm(directFile);
        const bareWrite = await measured(bare.pid, () => client.transfer({ kind: 'put', url: bare.url, token, run }));
        const bareRead = await measured(bare.pid, () => client.transfer({ kind: 'get', url: bare.url, token, run }));
        const md5AndSha256 = await measuredHere(() => hashing(['md5', 'sha256']));
        const md5 = await measuredHere(() => hashing(['md5']));
        await settle();
        const apiWrite = await measured(pid, () => client.transfer({ kind: 'put', url, token, run }));
        const apiRead = await measured(pid, () => client.transfer({ kind: 'get', url, token, run }));
        const removed = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
        if (removed.status !== 204) throw new Error(`delete: ${removed.status} ${await removed.text()}`);
        results.push({
          direct: { write: floorWrite, read: floorRead },
          bare: { write: bareWrite, read: bareRead },
          api: { write: apiWrite, read: apiRead },
          hashing: { md5AndSha256, md5 },
          load: loadAverage(),
        });
        report(`run ${run + 1}`, [results.at(-1)!]);
      }
      clearInterval(sampler);
      const peak = residentBytes(pid, 'VmHWM');
      report(`median of ${runs}`, results);
      const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
      process.stdout.write(`API server peak resident memory: ${mb(peak)} (peak by the end of start-up ${mb(atStart)}; highest sampled during the transfers ${mb(duringTransfers)})\n`);
    } finally {
      for (const child of started.reverse()) await child.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Two tables, each figure the median over `results`: rates and ratios per direction, with the
 * hashing's rates, then the CPU seconds per GiB each transfer cost its server and its client (for
 * the direct figures, this process). The API server's main thread is shown apart: beside it, an
 * upload's md5 runs in a worker thread and file reads and writes in the thread pool.
 */
function report(title: string, results: Run[]): void {
  const table = (widths: number[]) => (...cells: string[]) =>
    process.stdout.write(`${cells[0]!.padEnd(widths[0]!)}${cells.slice(1).map((c, i) => c.padStart(widths[i + 1]!)).join('')}\n`);
  const m = (f: (r: Run) => number) => median(results.map(f));
  const rate = (cost: (r: Run) => Cost) => m((r) => mbPerSecond(total, cost(r).ms));
  const ratio = (over: (r: Run) => Cost, under: (r: Run) => Cost) => m((r) => under(r).ms / over(r).ms).toFixed(2);
  const perGiB = (seconds: (r: Run) => number) => ((m(seconds) * 1024 * MIB) / total).toFixed(2);

  process.stdout.write(`${title} (load average after: ${results.map((r) => r.load.split(' ')[0]).join(', ')})\n`);
  const rates = table([10, 13, 16, 10, 12, 13, 10]);
  rates('MB/s', 'direct', 'bare HTTP', 'API', 'API/direct', 'bare/direct', 'API/bare');
  for (const d of ['write', 'read'] as const) {
    rates(
      d,
      rate((r) => r.direct[d]).toFixed(0),
      rate((r) => r.bare[d]).toFixed(0),
      rate((r) => r.api[d]).toFixed(0),
      ratio((r) => r.api[d], (r) => r.direct[d]),
      ratio((r) => r.bare[d], (r) => r.direct[d]),
      ratio((r) => r.api[d], (r) => r.bare[d]),
    );
  }
  process.stdout.write(
    `hashing in one thread: md5+sha256 ${rate((r) => r.hashing.md5AndSha256).toFixed(0)} MB/s (${ratio((r) => r.hashing.md5AndSha256, (r) => r.direct.write)} of direct write), ` +
      `md5 alone ${rate((r) => r.hashing.md5).toFixed(0)} MB/s (${ratio((r) => r.hashing.md5, (r) => r.direct.write)})\n`,
  );
  const cpu = table([10, 13, 16, 16, 14, 22, 14]);
  cpu('CPU s/GiB', 'direct', 'bare server', 'bare client', 'API server', 'of which main thread', 'API client');
  for (const d of ['write', 'read'] as const) {
    cpu(
      d,
      perGiB((r) => r.direct[d].ownCpu),
      perGiB((r) => r.bare[d].serverCpu),
      perGiB((r) => r.bare[d].ownCpu),
      perGiB((r) => r.api[d].serverCpu),
      perGiB((r) => r.api[d].serverMainCpu),
      perGiB((r) => r.api[d].ownCpu),
    );
  }
}

if (args['bare-server']) serveBare();
else if (args.client) serveClient();
else await main();
