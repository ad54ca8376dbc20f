/**
 * One corpus of the validation benchmark, Capsule's side, in a process of its own (started by
 * bench/validation.ts): a fresh heap and fresh JIT state, so one corpus's garbage and type
 * feedback never fall into the other's timing.
 *
 *   node --import tsx bench/validation-capsule.ts CORPUS WORKDIR REPEATS GENERATED
 *
 * Writes WORKDIR/<corpus>.schema.json (the record schema, every $ref inlined) and
 * WORKDIR/<corpus>.data.json for the Python side, and prints one JSON line of timings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCapsule } from '../packages/server/src/capsule.js';
import { resolveConfig } from '../packages/server/src/config/config.js';
import type { DocumentValidator } from '../packages/server/src/schemas/validator-pool.js';
import { generateCmsAnalysis } from '../packages/server/src/synthetic/cms-analysis.js';
import { ownCpuSecondsSince } from './measure.js';
import { openDataItems } from './open-data-corpus.js';

const SEED = 20250101;
/** A timed pass validates the corpus as many times as it takes to last this long: passes of a few milliseconds measure the timer and the garbage collector. */
const MIN_PASS_SECONDS = 0.5;

export interface Timings {
  records: number;
  /** Wall-clock seconds of each pass, per corpus-sized unit of work. */
  seconds: number[];
  /** CPU seconds of each pass, likewise: steadier than wall-clock time on a machine that other work shares. */
  cpu_seconds: number[];
  /** Invalid records in the last pass. */
  invalid: number;
}

const corpora: Record<string, () => unknown[]> = {
  'cms-analysis': () => Array.from({ length: Number(process.argv[5]) }, (_, i) => generateCmsAnalysis(SEED, i)),
  'opendata-record': () => openDataItems().map((item) => item.metadata),
};

/**
 * One untimed pass over the whole corpus first (V8 optimizes hot code only after it has run a
 * while, and a server validates in that steady state), then REPEATS timed passes.
 */
function time(validate: DocumentValidator, records: unknown[], repeats: number): Timings {
  const warmStart = process.hrtime.bigint();
  for (const record of records) validate(record);
  const warmSeconds = Number(process.hrtime.bigint() - warmStart) / 1e9;
  const rounds = Math.max(1, Math.ceil(MIN_PASS_SECONDS / warmSeconds));
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let invalid = 0;
  for (let r = 0; r < repeats; r++) {
    invalid = 0;
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (let round = 0; round < rounds; round++) {
      invalid = 0;
      for (const record of records) if (validate(record).length) invalid++;
    }
    const cpu = ownCpuSecondsSince(cpuStart);
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9 / rounds);
    cpuSeconds.push(cpu / rounds);
  }
  return { records: records.length, seconds, cpu_seconds: cpuSeconds, invalid };
}

const [corpus, workdir, repeats] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4])];
const makeRecords = corpora[corpus];
if (!makeRecords) throw new Error(`unknown corpus ${corpus}; known: ${Object.keys(corpora).join(', ')}`);
const capsule = await openCapsule(
  resolveConfig({ dataDir: workdir, databaseUrl: `sqlite:${path.join(workdir, `${corpus}.sqlite`)}`, logLevel: 'silent', baseUrl: 'http://capsule.bench' }, {}),
);
try {
  const schema = { name: corpus, version: '1.0.0', kind: 'collection' } as const;
  const records = makeRecords();
  const timings = time(await capsule.schemas.validator(schema, 'full'), records, repeats);
  // Python reads the published (record) schema with every $ref inlined, and the same records.
  fs.writeFileSync(path.join(workdir, `${corpus}.schema.json`), JSON.stringify(await capsule.schemas.resolved({ ...schema, variant: 'record' })));
  fs.writeFileSync(path.join(workdir, `${corpus}.data.json`), JSON.stringify(records));
  console.log(JSON.stringify(timings));
} finally {
  await capsule.close();
}
