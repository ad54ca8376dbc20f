import { describe, expect, it } from 'vitest';
import { FormatSyntaxError } from '../../src/formats/format-error.js';
import { controlField, type MarcRecord } from '../../src/formats/marc/marc-record.js';
import { readMarc, type MarcFormat } from '../../src/formats/marc/read-marc.js';
import { DEMO_FILE, readMarcXmlFixture } from './fixtures.js';

/** Reads until the input fails: the records read before, and the error. */
async function readUntilFault(source: string, format: MarcFormat): Promise<{ records: MarcRecord[]; error: unknown }> {
  const records: MarcRecord[] = [];
  try {
    for await (const record of readMarc(source, format)) records.push(record);
  } catch (error) {
    return { records, error };
  }
  return { records, error: undefined };
}

describe('reading MARC that breaks part way', () => {
  it('gives the MARCXML records completed before the fault, then the error with its position, even within one chunk', async () => {
    const demo = readMarcXmlFixture(DEMO_FILE);
    const secondEnd = demo.indexOf('</record>', demo.indexOf('</record>') + 1) + '</record>'.length;
    const { records, error } = await readUntilFault(`${demo.slice(0, secondEnd)}\n<record><datafield tag="245"></record>`, 'marcxml');
    expect(records).toHaveLength(2);
    expect(error).toBeInstanceOf(FormatSyntaxError);
    expect((error as FormatSyntaxError).line).toBe(demo.slice(0, secondEnd).split('\n').length + 1);
  });

  it('gives the TextMARC records completed before a bad line', async () => {
    const { records, error } = await readUntilFault('000000001 245__ $$aOne\n000000002 245__ $$aTwo\n000000003 24\n', 'textmarc');
    expect(records.map((r) => controlField(r, '001'))).toEqual(['1']);
    expect(error).toMatchObject({ line: 3 });
  });
});
