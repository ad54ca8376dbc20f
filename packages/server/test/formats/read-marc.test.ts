import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { controlField, type MarcRecord } from '../../src/formats/marc/marc-record.js';
import { parseMarcXml } from '../../src/formats/marc/marcxml-reader.js';
import { readMarc } from '../../src/formats/marc/read-marc.js';
import { DEMO_FILE, readFixture, readMarcXmlFixture } from './fixtures.js';

async function collect(items: AsyncIterable<MarcRecord>): Promise<MarcRecord[]> {
  const out: MarcRecord[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('reading MARC of either format', () => {
  it('reads MARCXML as the MARCXML reader does', async () => {
    const text = readMarcXmlFixture(DEMO_FILE);
    expect(await collect(readMarc(Readable.from([Buffer.from(text)]), 'marcxml'))).toEqual(parseMarcXml(text));
  });

  it('reads TextMARC keeping each record id as its control number', async () => {
    const text = readFixture('marc', 'textmarc', 'invenio-demo-recid85-and-1.of-tm.txt');
    const withoutControlNumbers = text.split('\n').filter((line) => !line.slice(10, 13).startsWith('001')).join('\n');
    const records = await collect(readMarc(withoutControlNumbers, 'textmarc'));
    expect(records.map((r) => controlField(r, '001'))).toEqual(['85', '1']);
    expect(records[0]!.fields.filter((f) => f.tag === '999').length).toBe(text.split('\n').filter((line) => line.startsWith('000000085 999')).length);
  });
});
