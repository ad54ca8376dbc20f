/**
 * Validation benchmark: Capsule's compiled validators (full mode, through the registry)
 * against Python's jsonschema on the same records and the same resolved schemas.
 *
 *   npm run bench:validation [-- --repeats 5 --generated 10000]
 *
 * Corpora: generated cms-analysis records (seeded) and the CERN Open Data portal records.
 * Capsule's side runs each corpus in a process of its own (bench/validation-capsule.ts); each
 * side validates untimed first, then times only its validation loop; medians of the repeats.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './measure.js';
import type { Timings } from './validation-capsule.js';

const PYTHON_SCRIPT = path.join(import.meta.dirname, 'validation-jsonschema.py');
const CAPSULE_SCRIPT = path.join(import.meta.dirname, 'validation-capsule.ts');
/** Records Python validates untimed first: it has no JIT, so this only keeps one-time costs (regex compilation, caches) out of its timing. */
const PYTHON_WARMUP = 1000;
const CORPORA = ['cms-analysis', 'opendata-record'];

const { values: args } = parseArgs({
  options: { repeats: { type: 'string', default: '5' }, generated: { type: 'string', default: '10000' } },
});
const repeats = Number(args.repeats);
const generatedCount = Number(args.generated);

/** Debian's python3 (python3-jsonschema) first, then whatever python3 is on PATH. */
function pythonWithJsonschema(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(candidate, ['-c', 'import jsonschema'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('No python3 with the jsonschema package: apt-get install -y python3-jsonschema');
}

const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-bench-validation-'));
try {
  const loadAtStart = os.loadavg()[0]!;
  const capsuleResults = new Map<string, Timings>();
  for (const corpus of CORPORA) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', CAPSULE_SCRIPT, corpus, workdir, String(repeats), String(generatedCount)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    capsuleResults.set(corpus, JSON.parse(out.trim().split('\n').at(-1)!) as Timings);
  }

  const python = pythonWithJsonschema();
  const baseline = JSON.parse(execFileSync(python, [PYTHON_SCRIPT, workdir, String(repeats), String(PYTHON_WARMUP)], { encoding: 'utf8', maxBuffer: 1 << 24 })) as {
    python: string;
    python_version: string;
    jsonschema: string;
    corpora: Record<string, Timings>;
  };

  console.log(`Validation benchmark: ${repeats} timed passes per corpus, medians; full (published-record) validation.`);
  console.log('Capsule: each corpus in a fresh process, one untimed pass first, each timed pass at least 0.5 s (the corpus repeated).');
  console.log(`Baseline: ${baseline.python} (Python ${baseline.python_version}), jsonschema ${baseline.jsonschema}, Draft202012Validator with the identifier formats, ${PYTHON_WARMUP} records untimed first.`);
  console.log('');
  console.log(`Load average (1 min): ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end, on ${os.availableParallelism()} CPUs.`);
  console.log('');
  console.log(['corpus', 'records', 'clock', 'capsule rec/s', 'python rec/s', 'ratio'].join('\t'));
  let failed = false;
  for (const corpus of CORPORA) {
    const ours = capsuleResults.get(corpus)!;
    const theirs = baseline.corpora[corpus]!;
    for (const [clock, key] of [['wall', 'seconds'], ['cpu', 'cpu_seconds']] as const) {
      const oursRate = ours.records / median(ours[key]);
      const theirsRate = theirs.records / median(theirs[key]);
      console.log([corpus, ours.records, clock, oursRate.toFixed(0), theirsRate.toFixed(0), `${(oursRate / theirsRate).toFixed(1)}x`].join('\t'));
    }
    // Both sides must agree that the corpus is valid, or the timings compare different work.
    if (ours.invalid !== 0 || theirs.invalid !== 0) {
      console.error(`${corpus}: ${ours.invalid} invalid records for Capsule, ${theirs.invalid} for Python.`);
      failed = true;
    }
  }
  if (failed) {
    console.error('Some records were invalid on one side: the comparison is not like for like.');
    process.exitCode = 1;
  }
} finally {
  fs.rmSync(workdir, { recursive: true, force: true });
}
