import { xmlAttribute, xmlElement } from '../xml-text.js';
import { isControlField, type MarcRecord } from './marc-record.js';
import { MARCXML_NAMESPACE } from './marcxml-reader.js';

/** One <record> element (no namespace declaration: it sits inside a collection). */
export function marcXmlRecord(record: MarcRecord, indent = '  '): string {
  const i1 = indent;
  const i2 = indent + '  ';
  const i3 = i2 + '  ';
  const lines = [`${i1}<record>`];
  if (record.leader !== undefined) lines.push(`${i2}${xmlElement('leader', {}, record.leader)}`);
  for (const field of record.fields) {
    if (isControlField(field)) {
      lines.push(`${i2}${xmlElement('controlfield', { tag: field.tag }, field.value)}`);
      continue;
    }
    lines.push(`${i2}<datafield tag="${xmlAttribute(field.tag)}" ind1="${xmlAttribute(field.ind1)}" ind2="${xmlAttribute(field.ind2)}">`);
    for (const sf of field.subfields) lines.push(`${i3}${xmlElement('subfield', { code: sf.code }, sf.value)}`);
    lines.push(`${i2}</datafield>`);
  }
  lines.push(`${i1}</record>`);
  return lines.join('\n');
}

export const MARCXML_HEADER = `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="${MARCXML_NAMESPACE}">\n`;
export const MARCXML_FOOTER = '</collection>\n';

/** A MARCXML collection document, UTF-8, in the MARC 21 slim namespace. */
export function writeMarcXml(records: Iterable<MarcRecord>): string {
  let out = MARCXML_HEADER;
  for (const record of records) out += marcXmlRecord(record) + '\n';
  return out + MARCXML_FOOTER;
}
