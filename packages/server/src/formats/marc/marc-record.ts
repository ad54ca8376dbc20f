/** One subfield of a data field: a one-character code and its text (which may hold newlines). */
export interface MarcSubfield {
  code: string;
  value: string;
}

/** A control field (001-009): a tag and a raw value, no indicators or subfields. */
export interface MarcControlField {
  tag: string;
  value: string;
}

/** A data field. A blank indicator is a space, whatever the source format wrote for it. */
export interface MarcDataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: MarcSubfield[];
}

export type MarcField = MarcControlField | MarcDataField;

/** A MARC record: fields in the order the source gave them. */
export interface MarcRecord {
  leader?: string;
  fields: MarcField[];
}

export const BLANK_INDICATOR = ' ';

export function isControlField(field: MarcField): field is MarcControlField {
  return 'value' in field;
}

/** Tags 001-009 hold control fields; every other tag (FFT pseudo-fields too) holds a data field. */
export function isControlTag(tag: string): boolean {
  return tag.length === 3 && tag.startsWith('00') && tag !== '000';
}

export function dataFields(record: MarcRecord, tag?: string): MarcDataField[] {
  return record.fields.filter((f): f is MarcDataField => !isControlField(f) && (tag === undefined || f.tag === tag));
}

export function controlField(record: MarcRecord, tag: string): string | undefined {
  return record.fields.find((f): f is MarcControlField => isControlField(f) && f.tag === tag)?.value;
}
