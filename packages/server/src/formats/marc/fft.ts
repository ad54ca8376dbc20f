import { dataFields, isControlField, type MarcDataField, type MarcRecord, type MarcSubfield } from './marc-record.js';

/** The pseudo-field legacy Invenio uploads read as "attach this file" ($a source path or URL, $n name, $f format, $d description, $z comment). */
export const FFT_TAG = 'FFT';

/** A file an FFT asks for: its stored name, and the subformat (e.g. `master`, `480p`) Invenio appends after `;` in a format. */
export interface FftFile {
  source: string;
  name: string;
  subformat?: string;
  field: MarcDataField;
}

const first = (field: MarcDataField, code: string) => field.subfields.find((s) => s.code === code)?.value;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not percent-encoded after all
  }
}

/** `webm;480p` -> `webm` and `480p`. */
function splitSubformat(value: string): [string, string | undefined] {
  const at = value.indexOf(';');
  return at < 0 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1) || undefined];
}

/** What an FFT field attaches: named $n plus the extension of $f when given, else after the last segment of $a. */
export function fftFile(field: MarcDataField): FftFile | undefined {
  const source = first(field, 'a');
  if (source === undefined) return undefined;
  const [base, sourceSubformat] = splitSubformat(decoded(source.replace(/[?#].*$/, '').split('/').pop() ?? ''));
  const name = first(field, 'n');
  const [format, subformat] = splitSubformat(first(field, 'f') ?? '');
  const extension = format ? (format.startsWith('.') ? format : `.${format}`) : base.includes('.') ? base.slice(base.indexOf('.')) : '';
  const sub = subformat ?? sourceSubformat;
  return { source, name: name === undefined ? base : name + extension, ...(sub ? { subformat: sub } : {}), field };
}

/** The files an upload of this record would attach, in order. */
export function fftFiles(record: MarcRecord): FftFile[] {
  return dataFields(record, FFT_TAG)
    .map(fftFile)
    .filter((f): f is FftFile => f !== undefined);
}

/**
 * The record as stored once its FFT files are attached: each FFT becomes an 8564 field pointing at
 * the stored file ($u), carrying the FFT's description ($y) and comment ($z), as Invenio's upload did.
 */
export function resolveFftFields(record: MarcRecord, fileUrl: (file: FftFile) => string): MarcRecord {
  const fields = record.fields.map((field) => {
    if (isControlField(field) || field.tag !== FFT_TAG) return field;
    const file = fftFile(field);
    if (file === undefined) return field;
    const subfields: MarcSubfield[] = [{ code: 'u', value: fileUrl(file) }];
    const description = first(field, 'd');
    const comment = first(field, 'z');
    if (description !== undefined) subfields.push({ code: 'y', value: description });
    if (comment !== undefined) subfields.push({ code: 'z', value: comment });
    return { tag: '856', ind1: '4', ind2: ' ', subfields };
  });
  return { ...record, fields };
}
