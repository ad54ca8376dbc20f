/**
 * Search benchmark: 100,000 generated cms-analysis records plus the CERN Open Data corpus, on
 * SQLite and (when CAPSULE_BENCH_DATABASE_URL or CAPSULE_TEST_DATABASE_URL names a server) on
 * PostgreSQL. For each representative query: p50 and p95 over the runs of the search service as
 * the API calls it (access filter, total, page, facet counts), and in the same run the bare SQL
 * full-text query for the same terms (count and the first page by rank), the floor.
 * Also the import rate of the open data corpus.
 *
 *   npm run bench:search [-- --generated 100000 --runs 50 --dialects sqlite,postgres] [--data DIR] [--only word,word]
 *
 * --runs 0 only loads the records; --only measures the queries whose name contains one of the words.
 *
 * With --data, the records are generated once and kept (SQLite under DIR/sqlite, a PostgreSQL
 * database named after DIR), and later runs with the same DIR measure the queries only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { ANONYMOUS } from '../packages/server/src/accounts/account-types.js';
import { openCapsule, type Capsule } from '../packages/server/src/capsule.js';
import { resolveConfig } from '../packages/server/src/config/config.js';
import type { Tables } from '../packages/server/src/db/tables.js';
import type { ImportItem } from '../packages/server/src/records/import-records.js';
import { parseListQuery } from '../packages/server/src/records/list-query.js';
import { listRecords } from '../packages/server/src/records/listing.js';
import { generateCmsAnalysis } from '../packages/server/src/synthetic/cms-analysis.js';
import { ftsTable } from '../packages/server/src/search/fts-tables.js';
import { compileQuery } from '../packages/server/src/search/query-compiler.js';
import { parseQuery } from '../packages/server/src/search/query-syntax.js';
import { fts5Match, tsquery } from '../packages/server/src/search/text-query.js';
import { openDataItems } from './open-data-corpus.js';
import { timedImport } from './timed-import.js';

const SEED = 1;

const { values: args } = parseArgs({
  options: {
    generated: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '50' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    data: { type: 'string' },
    only: { type: 'string' },
  },
});
const generatedCount = Number(args.generated);
const runs = Number(args.runs);
const pgUrl = process.env.CAPSULE_BENCH_DATABASE_URL ?? process.env.CAPSULE_TEST_DATABASE_URL;
const only = args.only?.split(',').filter((w) => w !== '') ?? [];
const keptDir = args.data === undefined ? undefined : path.resolve(args.data);

const sample = generateCmsAnalysis(SEED, 4242) as { cadi_id: string; researchers: { orcid: string }[] };

/** name, query parameters; the floor is the bare full-text query for the query's words, or a bare count. */
const QUERIES: [string, Record<string, string>][] = [
  ['rare term (an ORCID)', { q: sample.researchers[0]!.orcid }],
  ['rare keyword field (cadi_id)', { q: `cadi_id:${sample.cadi_id}` }],
  ['common term', { q: 'muon' }],
  ['two common words', { q: 'higgs boson' }],
  ['phrase', { q: '"top quark pair"' }],
  ['DOI', { q: '10.7483/OPENDATA.CMS.B8MR.C4A2' }],
  ['dataset path', { q: '/Mu/Run2010B-Apr21ReReco-v1/AOD' }],
  ['trigger name', { q: 'HLT_Mu9' }],
  ['prefix wildcard', { q: 'quarkon*' }],
  ['words OR words', { q: 'jade OR opera' }],
  ['term NOT term', { q: 'muon -electron' }],
  ['facet-filtered, no words', { collection: 'cms-analysis', working_group: 'HIG' }],
  ['words + facet filter', { q: 'muon', experiment: 'CMS' }],
  ['match-all, built-in facets', {}],
  ['match-all, all facets of both collections', { collection: 'cms-analysis,opendata-record' }],
  ['number range', { q: 'year:[2012 TO 2016]' }],
  ['date range', { q: 'created:>2020-01-01' }],
  ['deep page 500 (page number)', { page: '500', size: '10' }],
  ['deep page 500 (cursor of links.next)', { page: '500', size: '10', after: '' }],
  ['words sorted by date', { q: 'muon', sort: 'mostrecent' }],
  ['words sorted by a field', { q: 'muon', sort: '-year' }],
];

interface Row {
  name: string;
  total: number;
  /** The first run: nothing of this search kept yet (totals and facet counts are kept until a write). */
  first: number;
  p50: number;
  p95: number;
  floor50: number;
  floor95: number;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The bare database query for the same words: the count of matches and the first page by rank; without words, a bare count. */
function floorOf(capsule: Capsule, params: Record<string, string>): () => Promise<unknown> {
  const db = capsule.database.db as Kysely<Tables>;
  const dialect = capsule.database.dialect;
  const fields = new Map([['year', 'number'], ['cadi_id', 'keyword'], ['created', 'date']] as const);
  const text = params.q ? compileQuery(parseQuery(params.q), fields, dialect, 'published').text : null;
  const offset = params.page ? (Number(params.page) - 1) * 10 : 0;
  if (!text) {
    return () =>
      Promise.all([
        sql`select count(*) from search_docs where scope = 'published'`.execute(db),
        sql`select id from search_docs where scope = 'published' order by updated desc, id desc limit 10 offset ${offset}`.execute(db),
      ]);
  }
  if (dialect === 'postgres') {
    const q = tsquery(text);
    return () =>
      Promise.all([
        sql`select count(*) from search_docs where scope = 'published' and tsv @@ to_tsquery('simple', ${q})`.execute(db),
        sql`select id from search_docs where scope = 'published' and tsv @@ to_tsquery('simple', ${q}) order by ts_rank(tsv, to_tsquery('simple', ${q})) desc limit 10`.execute(db),
      ]);
  }
  const m = fts5Match(text);
  const fts = ftsTable('published');
  return () =>
    Promise.all([
      sql`select count(*) from ${fts} where ${fts} match ${m}`.execute(db),
      sql`select rowid from ${fts} where ${fts} match ${m} order by rank limit 10`.execute(db),
    ]);
}

interface Loaded {
  records: number;
  importRate: number;
  importCpuRate: number;
  generateRate: number;
}

/** Where a dialect's records live: a fresh place per run, or the kept one of --data. */
function placeOf(dialect: 'sqlite' | 'postgres') {
  const dataDir = keptDir ? path.join(keptDir, dialect) : fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-bench-search-'));
  const pgName = keptDir ? `capsule_bench_search_${path.basename(keptDir).replace(/[^a-z0-9]/gi, '_').toLowerCase()}` : `capsule_bench_search_${process.pid}`;
  const marker = path.join(dataDir, 'loaded.json');
  const dropPg = async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${pgName} with (force)`);
    await admin.end();
  };
  const pgDatabaseUrl = () => {
    const u = new URL(pgUrl!);
    u.pathname = `/${pgName}`;
    return u.toString();
  };
  return {
    dataDir,
    databaseUrl: dialect === 'postgres' ? pgDatabaseUrl() : `sqlite:${path.join(dataDir, 'capsule.sqlite')}`,
    /** What a kept place already holds, when it holds this run's records. */
    kept(): Loaded | undefined {
      if (!keptDir || !fs.existsSync(marker)) return undefined;
      const loaded = JSON.parse(fs.readFileSync(marker, 'utf8')) as Loaded & { generated: number };
      return loaded.generated === generatedCount ? loaded : undefined;
    },
    async create() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.mkdirSync(dataDir, { recursive: true });
      if (dialect !== 'postgres') return;
      await dropPg();
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${pgName}`);
      await admin.end();
    },
    keep(loaded: Loaded) {
      if (keptDir) fs.writeFileSync(marker, JSON.stringify({ ...loaded, generated: generatedCount }));
    },
    async dispose() {
      if (keptDir) return;
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (dialect === 'postgres') await dropPg();
    },
  };
}

/** The open data corpus and the generated analyses, imported as published records, timed. */
async function load(capsule: Capsule, dialect: 'sqlite' | 'postgres'): Promise<Loaded> {
  const owner = 'importer@capsule.local';
  const imported = await timedImport(capsule, owner, 'opendata-record', openDataItems());
  process.stderr.write(`${dialect}: imported ${imported.imported} open data records at ${imported.wallRate.toFixed(0)} records/s (${imported.cpuRate.toFixed(0)} per CPU second of this process)\n`);

  function* generated(): Generator<ImportItem> {
    for (let i = 0; i < generatedCount; i++) yield { source: `#${i}`, metadata: generateCmsAnalysis(SEED, i) };
  }
  const made = await timedImport(capsule, owner, 'cms-analysis', generated(), {
    onProgress: (n) => n % 10000 === 0 && process.stderr.write(`${dialect}: generated ${n}\n`),
  });
  process.stderr.write(`${dialect}: generated ${made.imported} cms-analysis records at ${made.wallRate.toFixed(0)} records/s\n`);
  return { records: imported.imported + made.imported, importRate: imported.wallRate, importCpuRate: imported.cpuRate, generateRate: made.wallRate };
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<{ rows: Row[]; loaded: Loaded; reused: boolean }> {
  const place = placeOf(dialect);
  const reused = place.kept();
  if (!reused) await place.create();
  const capsule = await openCapsule(resolveConfig({ dataDir: place.dataDir, databaseUrl: place.databaseUrl, logLevel: 'warn' }, {}));
  try {
    const { db } = capsule.database;
    const loaded = reused ?? (await load(capsule, dialect));
    if (!reused) place.keep(loaded);
    // The state autovacuum reaches after a bulk import: visibility maps set (index-only scans) and statistics.
    if (dialect === 'postgres') await sql`vacuum (analyze)`.execute(db);

    const facetsBySchema = await capsule.schemas.facetsBySchema();
    const rows: Row[] = [];
    // --runs 0 only loads the records (with --data, for later runs to measure).
    for (const [name, raw] of runs > 0 ? QUERIES.filter(([n]) => only.length === 0 || only.some((w) => n.includes(w))) : []) {
      const params: Record<string, unknown> = { ...raw };
      if (raw.collection?.includes(',')) params.collection = raw.collection.split(',');
      if (raw.after !== undefined) {
        const before = await listRecords(capsule.database, ANONYMOUS, 'published', parseListQuery({ page: '499', size: '10' }, facetsBySchema));
        params.after = before.next;
      }
      const query = parseListQuery(params, facetsBySchema);
      let total = 0;
      const search = async () => {
        total = (await listRecords(capsule.database, ANONYMOUS, 'published', query)).total;
      };
      const first = performance.now();
      await search();
      const firstMs = performance.now() - first;
      const service = await timed(search);
      const floor = await timed(floorOf(capsule, raw));
      rows.push({ name, total, first: firstMs, p50: percentile(service, 50), p95: percentile(service, 95), floor50: percentile(floor, 50), floor95: percentile(floor, 95) });
      process.stderr.write(`${dialect}: ${name}: ${percentile(service, 50).toFixed(1)} ms\n`);
    }
    return { rows, loaded, reused: reused !== undefined };
  } finally {
    await capsule.close();
    await place.dispose();
  }
}

const dialects = args.dialects.split(',').filter((d): d is 'sqlite' | 'postgres' => d === 'sqlite' || (d === 'postgres' && pgUrl !== undefined));
console.log(`# Search benchmark: ${generatedCount} generated cms-analysis + the open data corpus; ${runs} runs per query (after 3 warm-ups); anonymous caller, published records`);
console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? ''}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at start\n`);
for (const dialect of dialects) {
  const r = await benchDialect(dialect);
  const l = r.loaded;
  console.log(`## ${dialect} (${l.records} records)\n`);
  console.log(
    `import of the open data corpus: ${l.importRate.toFixed(0)} records/s wall clock (${l.importCpuRate.toFixed(0)} records per CPU second of the importing process, the database included on SQLite); generate: ${l.generateRate.toFixed(0)} records/s${r.reused ? ' (when the kept data was made)' : ''}\n`,
  );
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| query | hits | first ms | p50 ms | p95 ms | floor p50 ms | floor p95 ms | p50 / floor |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of r.rows) {
    console.log(`| ${row.name} | ${row.total} | ${row.first.toFixed(1)} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.floor50.toFixed(1)} | ${row.floor95.toFixed(1)} | ${(row.p50 / row.floor50).toFixed(1)}x |`);
  }
  console.log('');
}
