import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatSyntaxError } from '../../src/formats/format-error.js';
import { parseMarcXml, readMarcXml } from '../../src/formats/marc/marcxml-reader.js';
import { writeMarcXml } from '../../src/formats/marc/marcxml-writer.js';
import { DEMO_FILE, readMarcXmlFixture } from './fixtures.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function syntaxError(xml: string): FormatSyntaxError {
  try {
    parseMarcXml(xml);
  } catch (e) {
    if (e instanceof FormatSyntaxError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('MARCXML reader', () => {
  it('reads records with and without the namespace, with a prefix, and with a leader', () => {
    const body = '<leader>00000nam a2200000 a 4500</leader><controlfield tag="001">7</controlfield><datafield tag="245" ind1="1" ind2="0"><subfield code="a">T</subfield></datafield>';
    const expected = [{ leader: '00000nam a2200000 a 4500', fields: [{ tag: '001', value: '7' }, { tag: '245', ind1: '1', ind2: '0', subfields: [{ code: 'a', value: 'T' }] }] }];
    expect(parseMarcXml(`<collection xmlns="http://www.loc.gov/MARC21/slim"><record>${body}</record></collection>`)).toEqual(expected);
    expect(parseMarcXml(`<record>${body}</record>`)).toEqual(expected);
    expect(parseMarcXml(`<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:record>${body.replace(/<(\/?)/g, '<$1marc:')}</marc:record></marc:collection>`)).toEqual(expected);
  });

  it('finds records inside wrappers such as an OAI-PMH response', () => {
    const oai = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01</responseDate><ListRecords>
      <record><header><identifier>oai:cds.cern.ch:1</identifier></header><metadata>
        <marc:record xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:controlfield tag="001">1</marc:controlfield></marc:record>
      </metadata></record></ListRecords></OAI-PMH>`;
    expect(parseMarcXml(oai)).toEqual([{ fields: [{ tag: '001', value: '1' }] }]);
    expect(syntaxError('<record><foo:bar xmlns:foo="urn:x"/></record>').message).toContain('unexpected element {urn:x}bar inside a record');
    expect(syntaxError('<record><marc:leader>x</marc:leader></record>').message).toContain('the prefix marc is not declared');
  });

  it('keeps FFT pseudo-fields, empty indicators as blanks, and multi-line subfield text as written', () => {
    const [video] = parseMarcXml(readMarcXmlFixture('cds/cds-dojson-videos_video.xml'));
    const values = video!.fields.flatMap((f) => ('subfields' in f ? f.subfields.map((s) => s.value) : []));
    expect(values.some((v) => v.includes('\n'))).toBe(true);
    const demo = parseMarcXml(readMarcXmlFixture(DEMO_FILE));
    expect(demo.flatMap((r) => r.fields).filter((f) => f.tag === 'FFT').length).toBe(38);
    expect(demo.flatMap((r) => r.fields).every((f) => !('ind1' in f) || (f.ind1.length === 1 && f.ind2.length === 1))).toBe(true);
  });

  it('writes MARCXML that reads back to the same records', () => {
    for (const file of [DEMO_FILE, 'cds/cds-dojson-videos_video.xml', 'inspire/1502655.xml']) {
      const records = parseMarcXml(readMarcXmlFixture(file));
      expect(parseMarcXml(writeMarcXml(records))).toEqual(records);
    }
  });

  it('gives the same records from a byte stream cut anywhere, multi-byte characters included', async () => {
    const text = readMarcXmlFixture(DEMO_FILE);
    const bytes = Buffer.from(text, 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 997) }, (_, i) => bytes.subarray(i * 997, (i + 1) * 997));
    expect(await collect(readMarcXml(Readable.from(chunks)))).toEqual(parseMarcXml(text));
  });

  it('names the line and column of malformed XML', () => {
    const error = syntaxError('<collection>\n  <record>\n    <datafield tag="245" ind1=" " ind2=" "><subfield code="a">x</datafield>\n</record></collection>');
    expect(error.code).toBe('bad_request');
    expect(error.line).toBe(3);
    expect(error.column).toBeGreaterThan(60);
    expect(error.message).toMatch(/^MARCXML, line 3, column \d+: /);
  });

  it('names the line of a structural mistake', () => {
    expect(syntaxError('<record>\n<datafield ind1=" " ind2=" "/></record>')).toMatchObject({ line: 2, message: expect.stringContaining('needs a tag attribute') });
    expect(syntaxError('<record>\n\n<subfield code="a">x</subfield></record>')).toMatchObject({ line: 3, message: expect.stringContaining('unexpected element <subfield>') });
    expect(syntaxError('<collection><record><datafield tag="500" ind1=" " ind2=" ">loose text</datafield></record></collection>').message).toContain('unexpected text "loose text"');
    expect(() => parseMarcXml('<collection><record>')).toThrow(FormatSyntaxError);
  });

  it('refuses bytes that are not UTF-8 and documents declared in another encoding', async () => {
    const latin1 = Buffer.concat([Buffer.from('<record><datafield tag="245" ind1=" " ind2=" "><subfield code="a">Exp'), Buffer.from([0xe9]), Buffer.from('rience</subfield></datafield></record>')]);
    await expect(collect(readMarcXml(Readable.from([latin1])))).rejects.toThrow(/not UTF-8 text/);
    expect(syntaxError('<?xml version="1.0" encoding="ISO-8859-1"?>\n<record/>').message).toContain('the encoding ISO-8859-1 is not read');
  });

  describe('a 50 MB file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-marcxml-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('is streamed record by record, without loading it whole', async () => {
      const demo = readMarcXmlFixture(DEMO_FILE);
      const body = demo.slice(demo.indexOf('<record>'), demo.lastIndexOf('</collection>'));
      const file = path.join(dir, 'big.xml');
      const out = fs.openSync(file, 'w');
      fs.writeSync(out, '<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n');
      let size = 0;
      let copies = 0;
      while (size < 50 * 1024 * 1024) {
        size += fs.writeSync(out, body);
        copies++;
      }
      fs.writeSync(out, '</collection>\n');
      fs.closeSync(out);

      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let peak = 0;
      let count = 0;
      let authors = 0;
      for await (const record of readMarcXml(fs.createReadStream(file, { highWaterMark: 64 * 1024 }))) {
        count++;
        authors += record.fields.filter((f) => f.tag === '700').length;
        if (count % 2000 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        }
      }
      expect(count).toBe(copies * 11);
      expect(authors).toBe(copies * parseMarcXml(demo).flatMap((r) => r.fields).filter((f) => f.tag === '700').length);
      expect(size).toBeGreaterThan(50 * 1024 * 1024);
      // Holding the text alone would take more than the file's size; streaming keeps only a chunk and a record.
      expect(peak).toBeLessThan(size / 10);
    }, 120_000);
  });
});
