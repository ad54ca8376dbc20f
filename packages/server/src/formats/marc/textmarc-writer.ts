import type { FieldError } from '../../errors/capsule-error.js';
import { notRepresentable } from '../format-error.js';
import { BLANK_INDICATOR, controlField, isControlField, type MarcRecord } from './marc-record.js';
import {
  BLANK_IN_TEXTMARC,
  INDICATOR_PATTERN,
  LEADER_TAG,
  MAX_RECID,
  RECID_WIDTH,
  SUBFIELD_MARK,
  TAG_PATTERN,
  TEXTMARC,
  type TextMarcEntry,
} from './textmarc.js';

/** TextMARC is one line per field: newlines inside values become spaces, as legacy Invenio wrote them. */
function oneLine(value: string): string {
  return value.replace(/\r\n|\r|\n/g, ' ');
}

/**
 * The lines of one record, each ending in a newline. Refused (not_acceptable, with the field
 * paths) when TextMARC cannot hold the record: a tag that is not three letters or digits, a
 * subfield text with `$$` in it or ending in `$` (the reader would split it), a bad record id.
 */
export function textMarcLines(entry: TextMarcEntry): string {
  const { recid, record } = entry;
  const problems: FieldError[] = [];
  if (!Number.isInteger(recid) || recid < 0 || recid > MAX_RECID) {
    problems.push({ field: ['recid'], message: `the record id must be a whole number of at most ${RECID_WIDTH} digits` });
  }
  const prefix = String(recid).padStart(RECID_WIDTH, '0') + ' ';
  const indicator = (ind: string) => (ind === BLANK_INDICATOR ? BLANK_IN_TEXTMARC : ind);
  let out = record.leader === undefined ? '' : `${prefix}${LEADER_TAG}${BLANK_IN_TEXTMARC}${BLANK_IN_TEXTMARC} ${oneLine(record.leader)}\n`;
  record.fields.forEach((field, i) => {
    if (!TAG_PATTERN.test(field.tag)) problems.push({ field: ['fields', i, 'tag'], message: `the tag ${JSON.stringify(field.tag)} is not three letters or digits` });
    if (isControlField(field)) {
      out += `${prefix}${field.tag}${BLANK_IN_TEXTMARC}${BLANK_IN_TEXTMARC} ${oneLine(field.value)}\n`;
      return;
    }
    const inds = [indicator(field.ind1), indicator(field.ind2)];
    inds.forEach((ind, k) => {
      if (!INDICATOR_PATTERN.test(ind)) problems.push({ field: ['fields', i, `ind${k + 1}`], message: `the indicator ${JSON.stringify(ind)} is not a letter or digit` });
    });
    let value = '';
    field.subfields.forEach((sf, j) => {
      const text = oneLine(sf.value);
      if (sf.code.length !== 1 || sf.code === '$') problems.push({ field: ['fields', i, 'subfields', j, 'code'], message: `the subfield code ${JSON.stringify(sf.code)} is not one character other than $` });
      if (text.includes(SUBFIELD_MARK) || text.endsWith('$')) {
        problems.push({ field: ['fields', i, 'subfields', j, 'value'], message: `a subfield text holding ${SUBFIELD_MARK} or ending in $ has no TextMARC form` });
      }
      value += SUBFIELD_MARK + sf.code + text;
    });
    out += `${prefix}${field.tag}${inds.join('')} ${value}\n`;
  });
  if (problems.length) throw notRepresentable(TEXTMARC, problems);
  return out;
}

/** A TextMARC text. Two records in a row with the same id would read back as one, so that is refused. */
export function writeTextMarc(entries: Iterable<TextMarcEntry>): string {
  let out = '';
  let previous: number | undefined;
  for (const entry of entries) {
    if (entry.recid === previous) throw notRepresentable(TEXTMARC, [{ field: ['recid'], message: `two records in a row have the id ${entry.recid}` }]);
    previous = entry.recid;
    out += textMarcLines(entry);
  }
  return out;
}

/** The id a record is given in TextMARC: its 001 when that is a number, else its 1-based position in the output. */
export function textMarcId(record: MarcRecord, position: number): number {
  const id = controlField(record, '001');
  return id !== undefined && /^[0-9]{1,9}$/.test(id) ? Number(id) : position;
}
