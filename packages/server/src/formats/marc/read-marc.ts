import type { TextSource } from '../text-source.js';
import { controlField, type MarcRecord } from './marc-record.js';
import { readMarcXml } from './marcxml-reader.js';
import { readTextMarc } from './textmarc-reader.js';

export type MarcFormat = 'marcxml' | 'textmarc';

/**
 * MARC records from a file of either format, one at a time. A TextMARC record without a 001
 * gets its line id as 001, so the number it was known by is not lost.
 */
export async function* readMarc(source: TextSource, format: MarcFormat): AsyncGenerator<MarcRecord> {
  if (format === 'marcxml') {
    yield* readMarcXml(source);
    return;
  }
  for await (const { recid, record } of readTextMarc(source)) {
    yield controlField(record, '001') === undefined ? { ...record, fields: [{ tag: '001', value: String(recid) }, ...record.fields] } : record;
  }
}
