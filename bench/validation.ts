/**
 * Validation benchmark: Capsule's compiled validators (full mode, through the registry)
 * against Python's jsonschema on the same records and the same resolved schemas.
 *
 *   npm run bench:validation [-- --repeats 5 --generated 10000]
 *
 * Corpora: generated cms-analysis records (seeded) and the CERN Open Data portal records.
 * Each side first validates the first WARMUP records untimed (V8 compiles hot code only after
 * it has run a while), then times only its validation loop; medians of the repeats are compared.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCapsule } from '../packages/server/src/capsule.js';
import { resolveConfig } from '../packages/server/src/config/config.js';
import type { DocumentValidator } from '../packages/server/src/schemas/validator-pool.js';
import { generateCmsAnalysis } from '../packages/server/src/synthetic/cms-analysis.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OPENDATA_DIR = path.resolve(ROOT, '../shared/fixtures/opendata/records');
const PYTHON_SCRIPT = path.join(import.meta.dirname, 'validation-jsonschema.py');
const SEED = 20250101;
/** Records validated untimed before the timed passes, on both sides. */
const WARMUP = 1000;

const { values: args } = parseArgs({
  options: { repeats: { type: 'string', default: '5' }, generated: { type: 'string', default: '10000' } },
});
const repeats = Number(args.repeats);
const generatedCount = Number(args.generated);

interface Corpus {
  name: string;
  schema: { name: string; version: string; kind: 'collection' };
  /** Made when the corpus's turn comes, and dropped after, so one corpus's heap does not slow the other's timing. */
  records: () => unknown[];
}

function readOpendata(): unknown[] {
  return fs
    .readdirSync(OPENDATA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(OPENDATA_DIR, f), 'utf8')) as unknown[]);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Timings {
  records: number;
  /** Wall-clock seconds of each pass. */
  seconds: number[];
  /** CPU seconds of each pass: steadier than wall-clock time on a machine that other work shares. */
  cpu_seconds: number[];
  /** Invalid records in the last pass. */
  invalid: number;
}

function timeCapsule(validate: DocumentValidator, records: unknown[]): Timings {
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let invalid = 0;
  for (const record of records.slice(0, WARMUP)) validate(record);
  for (let r = 0; r < repeats; r++) {
    invalid = 0;
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (const record of records) if (validate(record).length) invalid++;
    const cpu = process.cpuUsage(cpuStart);
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  return { records: records.length, seconds, cpu_seconds: cpuSeconds, invalid };
}

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
const capsule = await openCapsule(
  resolveConfig({ dataDir: workdir, databaseUrl: `sqlite:${path.join(workdir, 'capsule.sqlite')}`, logLevel: 'silent', baseUrl: 'http://capsule.bench' }, {}),
);
try {
  const corpora: Corpus[] = [
    {
      name: 'cms-analysis',
      schema: { name: 'cms-analysis', version: '1.0.0', kind: 'collection' },
      records: () => Array.from({ length: generatedCount }, (_, i) => generateCmsAnalysis(SEED, i)),
    },
    { name: 'opendata-record', schema: { name: 'opendata-record', version: '1.0.0', kind: 'collection' }, records: readOpendata },
  ];

  const loadAtStart = os.loadavg()[0]!;
  const capsuleResults = new Map<string, Timings>();
  for (const corpus of corpora) {
    const records = corpus.records();
    const validate = await capsule.schemas.validator(corpus.schema, 'full');
    capsuleResults.set(corpus.name, timeCapsule(validate, records));
    // Python reads the published (record) schema with every $ref inlined, and the same records.
    const resolved = await capsule.schemas.resolved({ ...corpus.schema, variant: 'record' });
    fs.writeFileSync(path.join(workdir, `${corpus.name}.schema.json`), JSON.stringify(resolved));
    fs.writeFileSync(path.join(workdir, `${corpus.name}.data.json`), JSON.stringify(records));
  }

  const python = pythonWithJsonschema();
  const baseline = JSON.parse(execFileSync(python, [PYTHON_SCRIPT, workdir, String(repeats), String(WARMUP)], { encoding: 'utf8', maxBuffer: 1 << 24 })) as {
    python: string;
    python_version: string;
    jsonschema: string;
    corpora: Record<string, Timings>;
  };

  console.log(`Validation benchmark: ${repeats} timed passes per corpus after ${WARMUP} untimed records, medians; full (published-record) validation.`);
  console.log(`Baseline: ${baseline.python} (Python ${baseline.python_version}), jsonschema ${baseline.jsonschema}, Draft202012Validator with the identifier formats.`);
  console.log('');
  console.log(`Load average (1 min): ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end, on ${os.availableParallelism()} CPUs.`);
  console.log('');
  console.log(['corpus', 'records', 'clock', 'capsule rec/s', 'python rec/s', 'ratio'].join('\t'));
  let failed = false;
  for (const corpus of corpora) {
    const ours = capsuleResults.get(corpus.name)!;
    const theirs = baseline.corpora[corpus.name]!;
    for (const [clock, key] of [['wall', 'seconds'], ['cpu', 'cpu_seconds']] as const) {
      const oursRate = ours.records / median(ours[key]);
      const theirsRate = theirs.records / median(theirs[key]);
      console.log([corpus.name, ours.records, clock, oursRate.toFixed(0), theirsRate.toFixed(0), `${(oursRate / theirsRate).toFixed(1)}x`].join('\t'));
    }
    // Both sides must agree that the corpus is valid, or the timings compare different work.
    if (ours.invalid !== 0 || theirs.invalid !== 0) {
      console.error(`${corpus.name}: ${ours.invalid} invalid records for Capsule, ${theirs.invalid} for Python.`);
      failed = true;
    }
  }
  if (failed) {
    console.error('Some records were invalid on one side: the comparison is not like for like.');
    process.exitCode = 1;
  }
} finally {
  await capsule.close();
  fs.rmSync(workdir, { recursive: true, force: true });
}
