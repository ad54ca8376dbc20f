/**
 * Import benchmark: the CERN Open Data corpus into a fresh SQLite database, as published records.
 *
 *   npm run bench:import [-- --rounds 3]
 *
 * Each round times `importRecords` in this process (wall clock, and records per CPU-second of
 * the process, the database included), then `capsule import` end to end as a user runs it
 * on an existing instance (process start, reading and parsing the files included; the instance
 * itself is made untimed first). Medians over the rounds, with the load
 * average, since the machine may be shared.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCapsule } from '../packages/server/src/capsule.js';
import { resolveConfig } from '../packages/server/src/config/config.js';
import { median, oneMinuteLoad } from './measure.js';
import { OPEN_DATA_FILES, openDataItems } from './open-data-corpus.js';
import { timedImport } from './timed-import.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CAPSULE = path.join(ROOT, 'packages/cli/dist/bin.js');

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(args.rounds);

async function inProcess(): Promise<{ wall: number; cpu: number; count: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-bench-import-'));
  const capsule = await openCapsule(resolveConfig({ dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'capsule.sqlite')}`, logLevel: 'warn' }, {}));
  try {
    const report = await timedImport(capsule, 'importer@capsule.local', 'opendata-record', openDataItems());
    if (report.failed.length) throw new Error(`${report.failed.length} records failed: ${report.failed[0]!.message}`);
    return { wall: report.wallRate, cpu: report.cpuRate, count: report.imported };
  } finally {
    await capsule.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs a capsule command on the data directory; its standard error is the message if it fails. */
function capsuleCommand(dataDir: string, args: string[]): void {
  const run = spawnSync(process.execPath, [CAPSULE, ...args, '--data', dataDir, '--database', `sqlite:${path.join(dataDir, 'capsule.sqlite')}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`capsule ${args[0]} exited with ${run.status}: ${run.stderr}`);
}

/** `capsule import` into an instance that exists (made untimed first: any command, here `capsule schemas list`, migrates it and adds the built-in schemas, as `capsule serve` does): the import, its process start included. */
function endToEnd(count: number): number {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-bench-import-'));
  try {
    capsuleCommand(dataDir, ['schemas', 'list']);
    const started = performance.now();
    capsuleCommand(dataDir, ['import', '--schema', 'opendata-record', ...OPEN_DATA_FILES]);
    return count / ((performance.now() - started) / 1000);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: { wall: number; cpu: number; cli: number }[] = [];
for (let round = 1; round <= rounds; round++) {
  const before = oneMinuteLoad();
  const r = await inProcess();
  const cli = endToEnd(r.count);
  results.push({ ...r, cli });
  process.stderr.write(
    `round ${round}: ${r.count} records: ${r.wall.toFixed(0)} records/s wall, ${r.cpu.toFixed(0)} per CPU-second; capsule import end to end ${cli.toFixed(0)} records/s (load ${before} -> ${oneMinuteLoad()})\n`,
  );
}
console.log(`\nImport of the open data corpus, SQLite, median of ${rounds} rounds; ${os.cpus().length} cores, load average ${oneMinuteLoad()}`);
console.log('| measure | records/s |');
console.log('|---|---:|');
console.log(`| importRecords, wall clock | ${median(results.map((r) => r.wall)).toFixed(0)} |`);
console.log(`| importRecords, per CPU-second | ${median(results.map((r) => r.cpu)).toFixed(0)} |`);
console.log(`| capsule import, end to end | ${median(results.map((r) => r.cli)).toFixed(0)} |`);
