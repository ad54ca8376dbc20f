/**
 * The web application's benchmark: how much the browser downloads (production build, gzip), and
 * how long a cms-analysis draft takes from navigation to an interactive form, with 10 and with 500
 * physics objects, in headless Chromium against a real Capsule on loopback. Median of 5 loads.
 *
 *   npm run bench:web [-- --runs=5 --sizes=10,500]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../packages/editor/tooling/chromium.js';
import { startCapsule } from '../packages/web/test/support/capsule-instance.js';
import { median, oneMinuteLoad } from './measure.js';

const option = (name: string): string | undefined => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(option('runs') ?? 5);
const SIZES = (option('sizes') ?? '10,500').split(',').map(Number);
if (!(RUNS > 0) || !SIZES.every((n) => Number.isInteger(n) && n > 0)) throw new Error('--runs takes a positive number, --sizes positive integers separated by commas');
const GOAL_INITIAL_KB = 250;
const GOAL_SMALL_MS = 1000;

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'packages/web/dist');

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Gzip size of each built asset, and which of them the first page needs (those index.html names). */
function buildSizes() {
  execFileSync('npm', ['run', 'build', '-w', 'packages/web'], { cwd: root, stdio: 'ignore' });
  const assets = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  const gzip = new Map(assets.map((f) => [f, gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length]));
  const initial = [...readFileSync(join(dist, 'index.html'), 'utf8').matchAll(/\/assets\/([^"]+)/g)].map((m) => m[1]!);
  const sum = (files: string[]) => files.reduce((total, f) => total + (gzip.get(f) ?? 0), 0);
  const draftRoute = [...initial, ...assets.filter((f) => f.startsWith('DraftPage-'))];
  return {
    js: sum(assets.filter((f) => f.endsWith('.js'))),
    css: sum(assets.filter((f) => f.endsWith('.css'))),
    initial: sum(initial),
    draftRoute: sum(draftRoute),
  };
}

/** A cms-analysis draft with n physics objects, each with a trigger over a run period. */
function analysis(n: number) {
  return {
    $ana_type: 'cms-analysis',
    analysis_title: `Benchmark analysis with ${n} physics objects`,
    researchers: [{ family_name: 'Curie', orcid: '0000-0002-1825-0097' }],
    physics_objects: Array.from({ length: n }, (_, i) => ({
      physics_object: i % 2 ? 'muon' : 'electron',
      count: 1 + (i % 3),
      transverse_energy: `>${20 + (i % 10)} GeV`,
      trigger: [{ name: `HLT_Mu${15 + (i % 20)}_v2`, run_period: [{ start_run: 146428 + i, end_run: 148058 + i, era: 'Run2010B' }] }],
    })),
    input_datasets: [{ title: '/Mu/Run2010B-Apr21ReReco-v1/AOD', year: 2010 }],
  };
}

async function main() {
  const sizes = buildSizes();
  const loadBefore = oneMinuteLoad();
  const capsule = await startCapsule();
  const browser = await launchChromium();
  try {
    const { token } = await capsule.server.capsule.accounts.createToken(capsule.admin.email, { name: 'bench' });
    const drafts = new Map<number, string>();
    for (const n of SIZES) {
      const response = await fetch(`${capsule.url}/api/deposits/`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(analysis(n)) });
      if (response.status !== 201) throw new Error(`creating the draft with ${n} physics objects: ${response.status} ${await response.text()}`);
      drafts.set(n, ((await response.json()) as { id: string }).id);
    }
    const page = await browser.context.newPage();
    await page.goto(`${capsule.url}/signin`);
    await page.getByLabel('Email').fill(capsule.admin.email);
    await page.getByLabel('Password').fill(capsule.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.close();

    const times = new Map<number, number[]>();
    for (const n of SIZES) {
      const samples: number[] = [];
      // One load first that is not counted: it fills the browser's cache of the app's files, as for a returning user.
      for (let run = 0; run <= RUNS; run += 1) {
        const tab = await browser.context.newPage();
        const start = performance.now();
        await tab.goto(`${capsule.url}/drafts/${drafts.get(n)}`, { waitUntil: 'commit' });
        await tab.locator(`#root_physics_objects_${n - 1}_physics_object`).waitFor({ timeout: 120_000 });
        // Interactive: the title field takes a keystroke and the page has finished the work it queued.
        await tab.locator('#root_analysis_title').focus();
        await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
        if (run > 0) samples.push(performance.now() - start);
        await tab.close();
      }
      times.set(n, samples);
    }

    console.log(`Web application benchmark; ${os.cpus().length} cores; load average ${loadBefore} before, ${oneMinuteLoad()} after`);
    console.log(`  build (gzip): JS ${kb(sizes.js)} KB, CSS ${kb(sizes.css)} KB in all`);
    console.log(`  first page (index.html's script and styles): ${kb(sizes.initial)} KB  goal < ${GOAL_INITIAL_KB} KB: ${sizes.initial / 1024 < GOAL_INITIAL_KB ? 'met' : 'MISSED'}`);
    console.log(`  draft page (first page + form chunk): ${kb(sizes.draftRoute)} KB`);
    for (const n of SIZES) {
      const samples = times.get(n)!;
      const m = median(samples);
      const goal = n <= 10 ? `  goal < ${GOAL_SMALL_MS} ms: ${m < GOAL_SMALL_MS ? 'met' : 'MISSED'}` : '';
      console.log(`  draft with ${n} physics objects, navigation to interactive form: median ${m.toFixed(0)} ms of ${samples.length} (${samples.map((s) => s.toFixed(0)).join(', ')})${goal}`);
    }
  } finally {
    await browser.close();
    await capsule.close();
  }
}

await main();
