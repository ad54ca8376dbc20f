/**
 * API benchmark: Capsule's endpoints against a bare Fastify route, both served by their own
 * process on loopback, loaded by autocannon from this process.
 *
 *   npm run bench:api [-- --seconds 10 --rounds 3 --warmup 3 --connections 16 --cases bare,get,patch,post,list --cpu-prof DIR]
 *
 * Cases: GET /bare (2 KB JSON, the floor); GET /api/deposits/{id} with a token; PATCH of one
 * field with If-Match (each connection patches its own draft and follows its ETag);
 * POST /api/deposits/ of a full cms-analysis record; GET /api/deposits/?size=10.
 * SQLite with durable commits (each write acknowledged once its log is fdatasynced). Each case
 * first runs unmeasured for `--warmup` seconds: a fresh server's first seconds measure its
 * compiler and its first reads of the database, not its steady pace. Medians over the rounds,
 * with the load average and each server's CPU time per request (where /proc tells it), all its
 * threads' and its main thread's alone, since the machine may be shared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openCapsule } from '../packages/server/src/capsule.js';
import { resolveConfig } from '../packages/server/src/config/config.js';
import { cpuSeconds, median, oneMinuteLoad } from './measure.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CAPSULE = path.join(ROOT, 'packages/cli/dist/bin.js');
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/server/test/fixtures/cms-analysis-example.json'), 'utf8'));

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    // Some cases only, by key; the bare route, the floor the ratios are taken to, always runs.
    cases: { type: 'string', default: 'bare,get,patch,post,list' },
    // The Capsule server writes a V8 CPU profile of the whole run into this directory when it stops.
    'cpu-prof': { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const CASE_KEYS = ['bare', 'get', 'patch', 'post', 'list'];
const chosen = new Set(['bare', ...args.cases.split(',').map((c) => c.trim())]);
const unknownCases = [...chosen].filter((c) => !CASE_KEYS.includes(c));
if (unknownCases.length) throw new Error(`--cases: unknown ${unknownCases.join(', ')}; the cases are ${CASE_KEYS.join(', ')}`);

/**
 * Starts a server process and waits for the line that says where it listens. Its output goes to
 * `logFile`, as a deployed server's log does: read through a pipe, the request log would cost
 * this process, the load generator, CPU on every request of the measured server alone.
 */
async function startProcess(command: string[], logFile: string, ready: (line: string) => string | undefined): Promise<{ url: string; child: ChildProcess }> {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, command, { stdio: ['ignore', out, 'inherit'] });
  fs.closeSync(out);
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const found = fs.readFileSync(logFile, 'utf8').split('\n').map(ready).find(Boolean);
      if (found) {
        clearInterval(poll);
        resolve(found);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`${command.join(' ')} exited with ${code}`));
    });
  });
  return { url, child };
}

const jsonField = (field: string) => (line: string) => {
  try {
    return (JSON.parse(line) as Record<string, string>)[field];
  } catch {
    return undefined;
  }
};

interface Result {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(options: autocannon.Options, duration: number): Promise<Result> {
  const r = await autocannon({ connections, duration, ...options });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}


async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-bench-api-'));
  const databaseUrl = `sqlite:${path.join(dataDir, 'capsule.sqlite')}`;
  const setup = await openCapsule(resolveConfig({ dataDir, databaseUrl, logLevel: 'silent' }, {}));
  const token = (await setup.accounts.createToken('bench@example.org')).token;
  // The caller the token makes of its user, so that drafts made here and over HTTP are made alike.
  const caller = await setup.accounts.callerFor((await setup.accounts.userByEmail('bench@example.org'))!, 'token', new Set(['deposit:write'] as const));
  const draft = await setup.deposits.create(caller, { $ana_type: 'cms-analysis', ...EXAMPLE });
  const patchDrafts = await Promise.all(Array.from({ length: connections }, () => setup.deposits.create(caller, { $ana_type: 'cms-analysis', ...EXAMPLE })));
  for (let i = 0; i < 30; i++) await setup.deposits.create(caller, { $ana_type: 'cms-analysis', ...EXAMPLE });
  await setup.close();

  const capsule = await startProcess(
    [...(args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args['cpu-prof'])] : []), CAPSULE, 'serve', '--port', '0', '--data', dataDir, '--database', databaseUrl, '--log-level', 'info'],
    path.join(dataDir, 'capsule.log'),
    jsonField('address'),
  );
  const bare = await startProcess([path.join(import.meta.dirname, 'api/bare-server.ts')].flatMap((f) => ['--import', 'tsx', f]), path.join(dataDir, 'bare.log'), jsonField('address'));
  const auth = { authorization: `Bearer ${token}` };

  // Each case loads the Capsule server unless it names another.
  const allCases: { key: string; name: string; server?: ChildProcess; run: (duration: number) => Promise<Result> }[] = [
    { key: 'bare', name: 'GET bare 2 KB route (floor)', server: bare.child, run: (duration) => load({ url: `${bare.url}/bare` }, duration) },
    { key: 'get', name: 'GET /api/deposits/{id}', run: (duration) => load({ url: `${capsule.url}/api/deposits/${draft.head.uuid}`, headers: auth }, duration) },
    {
      key: 'patch',
      name: 'PATCH one field, If-Match',
      run: (duration) => {
        let next = 0;
        return load({
          url: capsule.url,
          requests: [
            {
              // autocannon gives each connection one context object; this case keeps its draft and ETag there.
              setupRequest: (req, connection) => {
                const context = connection as Record<string, unknown>;
                if (context.id === undefined) {
                  const d = patchDrafts[next++ % patchDrafts.length]!;
                  context.id = d.head.uuid;
                  context.etag = undefined;
                }
                return {
                  ...req,
                  method: 'PATCH',
                  path: `/api/deposits/${context.id}`,
                  headers: { ...auth, 'content-type': 'application/json-patch+json', ...(context.etag ? { 'if-match': context.etag as string } : {}) },
                  body: JSON.stringify([{ op: 'replace', path: '/analysis_title', value: `CMS-ANA-2012-${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}` }]),
                };
              },
              onResponse: (_status, _body, context, headers) => {
                if (headers?.etag) (context as Record<string, unknown>).etag = headers.etag;
              },
            },
          ],
        }, duration);
      },
    },
    {
      key: 'post',
      name: 'POST /api/deposits/ (full cms-analysis)',
      run: (duration) =>
        load({
          url: `${capsule.url}/api/deposits/`,
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ $ana_type: 'cms-analysis', ...EXAMPLE }),
        }, duration),
    },
    { key: 'list', name: 'GET /api/deposits/?size=10', run: (duration) => load({ url: `${capsule.url}/api/deposits/?size=10`, headers: auth }, duration) },
  ];
  const cases = allCases.filter((c) => chosen.has(c.key));

  const results = new Map<string, Result[]>(cases.map((c) => [c.name, []]));
  const cpuPerRequest = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const mainThreadCpuPerRequest = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  // The machine may be shared: its load beside the figures says how far to trust them.
  const loadBefore = oneMinuteLoad();
  if (warmup > 0) {
    for (const c of cases) await c.run(warmup);
    process.stderr.write(`warmed up: each case ran ${warmup} s unmeasured\n`);
  }
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so a noisy moment on the shared machine hurts every case alike.
    for (const c of cases) {
      const pid = (c.server ?? capsule.child).pid;
      const cpuBefore = [cpuSeconds(pid), cpuSeconds(pid, { mainThread: true })];
      const r = await c.run(seconds);
      const cpuAfter = [cpuSeconds(pid), cpuSeconds(pid, { mainThread: true })];
      results.get(c.name)!.push(r);
      for (const [i, perRequest] of [cpuPerRequest, mainThreadCpuPerRequest].entries()) {
        const [before, after] = [cpuBefore[i], cpuAfter[i]];
        if (before !== undefined && after !== undefined) perRequest.get(c.name)!.push(((after - before) * 1e6) / (r.rps * seconds));
      }
      process.stderr.write(`round ${round + 1}: ${c.name}: ${r.rps.toFixed(0)} req/s${r.non2xx ? ` (${r.non2xx} non-2xx!)` : ''}\n`);
    }
  }
  capsule.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');

  const floor = median(results.get(cases[0]!.name)!.map((r) => r.rps));
  console.log(`\nAPI benchmark: ${connections} connections, ${seconds} s per case after ${warmup} s unmeasured, median of ${rounds} rounds; SQLite, durable commits; ${os.cpus().length} cores; load average ${loadBefore} before, ${oneMinuteLoad()} after`);
  console.log('| case | req/s | p50 ms | p99 ms | ratio to bare | non-2xx | server CPU µs/request | of which main thread |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of cases) {
    const rs = results.get(c.name)!;
    const rps = median(rs.map((r) => r.rps));
    const [cpu, mainThreadCpu] = [cpuPerRequest, mainThreadCpuPerRequest].map((m) => m.get(c.name)!).map((xs) => (xs.length ? median(xs).toFixed(1) : '-'));
    console.log(
      `| ${c.name} | ${rps.toFixed(0)} | ${median(rs.map((r) => r.p50))} | ${median(rs.map((r) => r.p99))} | ${(rps / floor).toFixed(2)} | ${rs.reduce((n, r) => n + r.non2xx, 0)} | ${cpu} | ${mainThreadCpu} |`,
    );
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
