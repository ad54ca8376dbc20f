/**
 * Formats benchmark: MARCXML parse + crosswalk and TextMARC write, in records per second, on
 * the MARCXML fixture records repeated to --records (default 100,000), against the floor: a
 * bare saxes parse (no handlers) of the same bytes in the same run.
 *
 *   npm run bench:formats [-- --records 100000 --repeats 5]
 *
 * Every pass streams the same UTF-8 buffer (all fixture records, once) repeated as chunks, so
 * no pass holds the whole input. Medians of the repeats are compared; goal: parse + crosswalk
 * at 50% of the floor or better.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SaxesParser } from 'saxes';
import { marcToBibliographic } from '../packages/server/src/formats/marc/crosswalk.js';
import type { MarcRecord } from '../packages/server/src/formats/marc/marc-record.js';
import { parseMarcXml, readMarcXml } from '../packages/server/src/formats/marc/marcxml-reader.js';
import { marcXmlRecord, MARCXML_FOOTER, MARCXML_HEADER } from '../packages/server/src/formats/marc/marcxml-writer.js';
import { textMarcLines } from '../packages/server/src/formats/marc/textmarc-writer.js';
import { median } from './measure.js';

const MARCXML_DIR = path.resolve(import.meta.dirname, '../../shared/fixtures/marc/marcxml');

const { values: args } = parseArgs({
  options: { records: { type: 'string', default: '100000' }, repeats: { type: 'string', default: '5' } },
});
const total = Number(args.records);
const repeats = Number(args.repeats);

const fixtureRecords: MarcRecord[] = fs
  .readdirSync(MARCXML_DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .flatMap((f) => parseMarcXml(fs.readFileSync(path.join(MARCXML_DIR, f), 'utf8')));

/** One chunk per round of fixture records, the last one cut to reach the total; header and footer around them. */
function chunks(): { buffers: Buffer[]; bytes: number } {
  const round = fixtureRecords.map((r) => marcXmlRecord(r) + '\n');
  const full = Buffer.from(round.join(''), 'utf8');
  const buffers = [Buffer.from(MARCXML_HEADER, 'utf8')];
  let left = total;
  while (left >= round.length) {
    buffers.push(full);
    left -= round.length;
  }
  if (left > 0) buffers.push(Buffer.from(round.slice(0, left).join(''), 'utf8'));
  buffers.push(Buffer.from(MARCXML_FOOTER, 'utf8'));
  return { buffers, bytes: buffers.reduce((n, b) => n + b.length, 0) };
}

async function seconds(run: () => Promise<number> | number): Promise<number> {
  const start = process.hrtime.bigint();
  const count = await run();
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  if (count !== total) throw new Error(`a pass handled ${count} records, not ${total}`);
  return s;
}

const { buffers, bytes } = chunks();

/** The floor: saxes, set up as the reader sets it up (positions on), reads the same bytes decoded the same way and does nothing with them. */
function bareParse(options: { xmlns?: boolean; position?: boolean }): number {
  const decoder = new TextDecoder('utf-8');
  const parser = new SaxesParser(options);
  let records = 0;
  // Counting closed <record>s is the least a parse can report; it keeps the count check honest.
  parser.on('closetag', (tag) => {
    if (tag.name === 'record') records++;
  });
  for (const b of buffers) parser.write(decoder.decode(b, { stream: true }));
  parser.close();
  return records;
}

/** The chunks as the stream of bytes a reader takes. */
async function* streamOf(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

async function parseAndCrosswalk(): Promise<number> {
  let n = 0;
  let authors = 0;
  for await (const record of readMarcXml(streamOf(buffers))) {
    authors += marcToBibliographic(record).authors?.length ?? 0;
    n++;
  }
  if (authors === 0) throw new Error('no authors mapped');
  return n;
}

// TextMARC holds three-character tags only: records with another tag (a 4-character one in the fixtures) are left out of this pass.
const textMarcRecords = fixtureRecords.filter((r) => r.fields.every((f) => f.tag.length === 3));

function textMarcWrite(): number {
  let written = 0;
  let size = 0;
  for (let i = 0; i < total; i++) {
    size += textMarcLines({ recid: i + 1, record: textMarcRecords[i % textMarcRecords.length]! }).length;
    written++;
  }
  if (size === 0) throw new Error('nothing written');
  return written;
}

const FLOOR = 'bare saxes parse (floor)';
const passes: Record<string, () => Promise<number> | number> = {
  [FLOOR]: () => bareParse({ position: true }),
  'bare saxes parse, no positions': () => bareParse({ position: false }),
  'MARCXML parse + crosswalk': parseAndCrosswalk,
  'TextMARC write': textMarcWrite,
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(passes).map((k) => [k, []]));
await seconds(passes[FLOOR]!); // warm-up
for (let r = 0; r < repeats; r++) {
  for (const [name, run] of Object.entries(passes)) times[name]!.push(await seconds(run));
}

const rate = (name: string) => total / median(times[name]!);
const floor = rate(FLOOR);
console.log(`${total} records (${fixtureRecords.length} fixture records repeated; TextMARC: ${textMarcRecords.length} of them), ${(bytes / 1e6).toFixed(1)} MB of MARCXML, median of ${repeats}`);
for (const name of Object.keys(passes)) {
  const r = rate(name);
  const mbs = name.includes('parse') ? `  ${((bytes / 1e6) * (r / total)).toFixed(1)} MB/s` : '';
  console.log(`${name.padEnd(42)} ${Math.round(r).toString().padStart(9)} records/s  ${((100 * r) / floor).toFixed(0).padStart(4)}% of floor${mbs}`);
}
const ratio = rate('MARCXML parse + crosswalk') / floor;
console.log(`parse + crosswalk at ${(100 * ratio).toFixed(0)}% of the bare parse rate (goal: 50%): ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
