import { dataFields, isControlField, type MarcDataField, type MarcRecord, type MarcSubfield } from './marc-record.js';

/** The pseudo-field legacy Invenio uploads read as "attach this file" ($a source path or URL, $n name, $f format, $d description, $z comment). */
export const FFT_TAG = 'FFT';

const first = (field: MarcDataField, code: string) => field.subfields.find((s) => s.code === code)?.value;

/** The name an FFT's file is stored under: $n plus $f when given, else the last segment of $a. */
export function fftFileName(fft: MarcDataField): string {
  const source = first(fft, 'a') ?? '';
  const base = decodeURIComponent(source.replace(/[?#].*$/, '').split('/').pop() ?? '');
  const name = first(fft, 'n');
  if (name === undefined) return base;
  const format = first(fft, 'f') ?? (base.includes('.') ? base.slice(base.indexOf('.')) : '');
  return name + (format && !format.startsWith('.') ? `.${format}` : format);
}

/** The files an upload of this record would attach, in order: where each comes from and its name. */
export function fftFiles(record: MarcRecord): { source: string; name: string; field: MarcDataField }[] {
  return dataFields(record, FFT_TAG)
    .filter((f) => first(f, 'a') !== undefined)
    .map((field) => ({ source: first(field, 'a')!, name: fftFileName(field), field }));
}

/**
 * The record as stored once its FFT files are attached: each FFT becomes an 8564 field pointing at
 * the stored file ($u), carrying the FFT's description ($y) and comment ($z), as Invenio's upload did.
 */
export function resolveFftFields(record: MarcRecord, fileUrl: (name: string) => string): MarcRecord {
  const fields = record.fields.map((field) => {
    if (isControlField(field) || field.tag !== FFT_TAG || first(field, 'a') === undefined) return field;
    const subfields: MarcSubfield[] = [{ code: 'u', value: fileUrl(fftFileName(field)) }];
    const description = first(field, 'd');
    const comment = first(field, 'z');
    if (description !== undefined) subfields.push({ code: 'y', value: description });
    if (comment !== undefined) subfields.push({ code: 'z', value: comment });
    return { tag: '856', ind1: '4', ind2: ' ', subfields };
  });
  return { ...record, fields };
}
