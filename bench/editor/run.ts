/**
 * The record editor benchmark: the same seeded records at several sizes, loaded into this editor and three
 * widely used ones, in headless Chromium on loopback, from production builds. Everything is measured inside
 * the page with performance.now (see pages/measure.ts); heap comes from CDP after a forced collection.
 *
 * A keystroke is timed from keydown to settled, so most of it is the browser's own key handling and frame;
 * each run also types into a plain text field on the same page by the same rule, and prints that floor.
 *
 *   npm run bench:editor [-- --sizes=100,1000 --runs=3 --editors=capsule,vanilla --keys=20]
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../../packages/editor/tooling/chromium.js';
import { serveStatic } from '../../packages/editor/tooling/static-server.js';
import { median as medianOf } from '../measure.js';
import { generateRecord } from './generate.js';
import type { Measure } from './pages/measure.js';

const EDITORS = ['capsule', 'vanilla', 'rjsf', 'json-editor'] as const;
type EditorName = (typeof EDITORS)[number];
const LABELS: Record<EditorName, string> = {
  capsule: 'capsule (this editor)',
  vanilla: 'vanilla-jsoneditor 3.13.0 (tree)',
  rjsf: '@rjsf/core 6.11.1 + validator-ajv8',
  'json-editor': '@json-editor/json-editor 2.17.2',
};
const CAP_MS = 60_000;
/** Typed first and not counted: the first keys into a field pay for compiling and warming caches. */
const WARM_UP = 'vwxyz';

/** One run; null marks a measurement that ran into the 60 s cap (it counts as infinitely slow in the median). */
interface Sample {
  mount: number | null;
  keystroke: number | null;
  /** The same keys typed into a plain text field on the same page: what any keystroke costs here. */
  floor: number | null;
  /** Main-thread CPU time per timed key, into the editor and into the plain field: unlike latency, barely moved by other load. */
  keystrokeCpu: number | null;
  floorCpu: number | null;
  move: number | null;
  heapMb: number;
  domNodes: number;
  moveVerified: boolean;
}

type Cell = { samples: Sample[] };

const option = (name: string): string | undefined => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const sizes = (option('sizes') ?? '100,1000,10000,100000').split(',').map(Number);
const editors = (option('editors') ?? EDITORS.join(',')).split(',') as EditorName[];
const runsFor = (n: number) => Number(option('runs') ?? (n >= 100_000 ? 3 : 5));
/** Keys timed per run and field; their median is the run's figure. */
const keys = Number(option('keys') ?? 20);
const typed = Array.from({ length: keys }, (_, i) => String.fromCharCode(97 + (i % 21))).join('');

class Timeout extends Error {}

async function capped<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout(`${what} over ${CAP_MS / 1000} s`)), CAP_MS)));
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** The median of runs where null, a run over the cap, counts as infinitely slow. */
const median = (values: (number | null)[]) => medianOf(values.map((value) => value ?? Infinity));

/** Main-thread CPU time of the page so far, in ms (CDP Performance metrics). */
async function threadTime(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

/**
 * Focuses a field, types the warm-up keys and then the timed ones, each after the previous one settled.
 * Returns the median latency of the timed keys and the page's main-thread CPU time per timed key. Keys arrive as
 * the browser's own key events (CDP), for every editor alike.
 */
async function typeInto(page: Page, cdp: CDPSession, focus: () => Promise<unknown>): Promise<{ latency: number; cpu: number }> {
  await focus();
  await page.evaluate(() => (window.__measure.keystrokes.length = 0));
  let pressed = 0;
  const press = async (key: string) => {
    await page.keyboard.press(key);
    await page.evaluate((count) => window.__measure.keysSettled(count), ++pressed);
  };
  for (const key of WARM_UP) await press(key);
  const cpuBefore = await threadTime(cdp);
  for (const key of typed) await press(key);
  const cpu = ((await threadTime(cdp)) - cpuBefore) / typed.length;
  return { latency: median(await page.evaluate((skip) => window.__measure.keystrokes.slice(skip), WARM_UP.length)), cpu };
}

/** One load of one editor at one size: mount, heap, DOM size, the keystroke floor, keystrokes, one move. */
async function measureOnce(context: BrowserContext, url: string, editor: EditorName, n: number, movedName: string): Promise<Sample> {
  const page: Page = await context.newPage();
  try {
    await page.goto(`${url}/index.html?editor=${editor}`);
    await page.waitForFunction(() => '__measure' in window);
    await page.evaluate((size) => window.__measure.prepare(size), n);
    let mount: number;
    try {
      mount = await capped(page.evaluate(() => window.__measure.mount()), 'mount');
    } catch (error) {
      if (error instanceof Timeout) return { mount: null, keystroke: null, floor: null, keystrokeCpu: null, floorCpu: null, move: null, heapMb: NaN, domNodes: NaN, moveVerified: false };
      throw error;
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const domNodes = await page.evaluate(() => window.__measure.domNodes());

    let keystroke: number | null = null;
    let floor: number | null = null;
    let keystrokeCpu: number | null = null;
    let floorCpu: number | null = null;
    try {
      await cdp.send('Performance.enable');
      // Both figures are for a page at rest: whatever an editor does in the background after mounting is over.
      await capped(page.evaluate(() => window.__measure.quiet()), 'waiting for the page to be idle');
      ({ latency: floor, cpu: floorCpu } = await capped(typeInto(page, cdp, () => page.evaluate(() => window.__measure.focusFloor())), 'typing'));
      ({ latency: keystroke, cpu: keystrokeCpu } = await capped(typeInto(page, cdp, () => page.evaluate(() => window.__measure.focusField(['items', 0, 'name']))), 'typing'));
    } catch (error) {
      if (!(error instanceof Timeout)) throw error;
    }

    let move: number | null = null;
    let moveVerified = false;
    try {
      move = await capped(page.evaluate((index) => window.__measure.moveUp(index), n / 2), 'move');
      moveVerified = (await page.evaluate((index) => window.__measure.itemName(index), n / 2 - 1)) === movedName;
    } catch (error) {
      if (!(error instanceof Timeout)) throw error;
    }
    return { mount, keystroke, floor, keystrokeCpu, floorCpu, move, heapMb: usedSize / 2 ** 20, domNodes, moveVerified };
  } finally {
    // A page stuck in a long task still closes: Chromium ends its renderer.
    await page.close({ runBeforeUnload: false }).catch(() => undefined);
  }
}

/** What the editor adds to the browser's own cost of a key, within one run (same page, same moment). */
const aboveFloor = (sample: Sample): number | null => (sample.keystroke === null || sample.floor === null ? null : sample.keystroke - sample.floor);

function format(value: number | null, digits = 1): string {
  if (value === null || value === Infinity) return 'DNF';
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

function report(results: Map<string, Cell>): string {
  const lines: string[] = [];
  lines.push('| N | editor | mount ms | keystroke ms | floor ms | keystroke − floor ms | key CPU ms | floor CPU ms | move ms | heap MB | DOM nodes |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const stat = (cell: Cell | undefined, pick: (s: Sample) => number | null): number | null => {
    if (!cell || cell.samples.length === 0) return null;
    const value = median(cell.samples.map(pick));
    return value === Infinity ? null : value;
  };
  const ratioLines: string[] = ['', '| N | editor | mount × | keystroke × | key CPU × | move × |', '|---:|---|---:|---:|---:|---:|'];
  for (const n of sizes) {
    const ours = results.get(`capsule:${n}`);
    for (const editor of editors) {
      const cell = results.get(`${editor}:${n}`);
      const mounted = cell?.samples.filter((s) => s.mount !== null) ?? [];
      const dnf = stat(cell, (s) => s.mount) === null;
      const capped = (cell?.samples.length ?? 0) - mounted.length;
      const runs = cell && cell.samples.length > 0 ? ` (${capped} of ${cell.samples.length} runs over 60 s)` : ' (not run: DNF at a smaller N)';
      const unverified = cell?.samples.some((s) => s.move !== null && !s.moveVerified) ? ' (!)' : '';
      const memory = (pick: (s: Sample) => number) => (mounted.length === 0 ? '–' : median(mounted.map(pick)));
      const heap = memory((s) => s.heapMb);
      const nodes = memory((s) => s.domNodes);
      lines.push(
        `| ${n.toLocaleString('en')} | ${LABELS[editor]} | ${format(stat(cell, (s) => s.mount))}${capped > 0 || dnf ? runs : ''} | ${format(stat(cell, (s) => s.keystroke), 2)} | ${format(stat(cell, (s) => s.floor), 2)} | ${format(stat(cell, aboveFloor), 2)} | ${format(stat(cell, (s) => s.keystrokeCpu), 2)} | ${format(stat(cell, (s) => s.floorCpu), 2)} | ${format(stat(cell, (s) => s.move))}${unverified} | ${typeof heap === 'number' ? format(heap) : heap} | ${typeof nodes === 'number' ? String(Math.round(nodes)) : nodes} |`,
      );
      if (editor === 'capsule') continue;
      const ratio = (pick: (s: Sample) => number | null, capped: boolean) => {
        const theirs = stat(cell, pick);
        const mine = stat(ours, pick);
        if (mine === null) return 'n/a';
        if (theirs !== null) return (theirs / mine).toFixed(1);
        // Only a measurement that ran into the cap bounds the ratio; one never reached says nothing.
        return capped ? `> ${(CAP_MS / mine).toFixed(0)}` : '–';
      };
      ratioLines.push(`| ${n.toLocaleString('en')} | ${LABELS[editor]} | ${ratio((s) => s.mount, dnf)} | ${ratio((s) => s.keystroke, !dnf)} | ${ratio((s) => s.keystrokeCpu, !dnf)} | ${ratio((s) => s.move, !dnf)} |`);
    }
  }
  lines.push(...ratioLines, '', 'Ratios are the other editor\'s median divided by this editor\'s (higher = this editor is faster); "> x" where the other\'s median is over the 60 s cap; "–" where it was not measured. (!) marks a move the editor did not carry out.');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('.', import.meta.url));
  await build({ configFile: `${root}vite.config.ts`, logLevel: 'error' });
  const server = await serveStatic(`${root}dist`);
  // Frames are produced as soon as there is work, not on a 60 Hz clock, so "settled" measures the work itself.
  const browser = await launchChromium(['--disable-gpu-vsync', '--disable-frame-rate-limit']);
  // Cross-origin isolation gives performance.now() microsecond resolution instead of 0.1 ms: a keystroke is a few ms.
  await browser.context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } });
  });
  const version = browser.context.browser()?.version() ?? (await (await browser.context.newPage()).evaluate(() => navigator.userAgent));
  const results = new Map<string, Cell>();
  const started = Date.now();
  const loadBefore = loadavg()[0] as number;
  try {
    for (const n of sizes) {
      const movedName = (generateRecord(n).items as { name: string }[])[n / 2]?.name ?? '';
      for (let run = 0; run < runsFor(n); run++) {
        // Interleaved, and rotated so no editor always runs first on a warm or cold machine.
        const order = editors.map((_, i) => editors[(i + run) % editors.length] as EditorName);
        for (const editor of order) {
          const key = `${editor}:${n}`;
          const cell = results.get(key) ?? { samples: [] };
          results.set(key, cell);
          // Once most runs cannot finish, the median is DNF whatever the rest do; a larger N will not finish either.
          const overCap = (c: Cell | undefined) => (c?.samples.filter((s) => s.mount === null).length ?? 0) > runsFor(n) / 2;
          const smallerDnf = sizes.filter((size) => size < n).some((size) => {
            const smaller = results.get(`${editor}:${size}`);
            return smaller !== undefined && (smaller.samples.length === 0 || median(smaller.samples.map((s) => s.mount)) === Infinity);
          });
          if (overCap(cell) || smallerDnf) continue;
          const sample = await measureOnce(browser.context, server.url, editor, n, movedName);
          cell.samples.push(sample);
          console.error(`N=${n} run ${run + 1} ${editor}: mount ${format(sample.mount)} ms, keystroke ${format(sample.keystroke, 2)} ms (floor ${format(sample.floor, 2)}; CPU ${format(sample.keystrokeCpu, 2)}, floor ${format(sample.floorCpu, 2)}), move ${format(sample.move)} ms, ${sample.domNodes} nodes, ${format(sample.heapMb)} MB`);
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  // The machine may be shared; the load average says how much else was running.
  const load = `load average ${loadBefore.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end`;
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${version}, headless; ${load}`);
  console.log(`Medians of ${sizes.map((n) => `${runsFor(n)} runs at N=${n.toLocaleString('en')}`).join(', ')}; keystroke and floor: per run the median of ${keys} keys after ${WARM_UP.length} warm-up keys, CPU: the page's main-thread CPU time per key; total ${((Date.now() - started) / 60_000).toFixed(1)} min.\n`);
  console.log(report(results));
}

declare global {
  interface Window {
    __measure: Measure;
  }
}

await main();
