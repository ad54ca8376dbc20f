import { FormatSyntaxError } from '../format-error.js';
import { pushParse, type TextSource } from '../text-source.js';
import { BLANK_INDICATOR, isControlTag, type MarcField, type MarcSubfield } from './marc-record.js';
import {
  BLANK_IN_TEXTMARC,
  INDICATOR_PATTERN,
  LEADER_TAG,
  RECID_WIDTH,
  SUBFIELD_MARK,
  TAG_PATTERN,
  TEXTMARC,
  type TextMarcEntry,
} from './textmarc.js';

/** One line, read into its record id and field (or the leader); errors name the line and column. */
function parseLine(line: string, lineNumber: number): { recid: number; leader?: string; field?: MarcField } {
  const fail = (problem: string, column: number) => new FormatSyntaxError(TEXTMARC, problem, { line: lineNumber, column });
  const recid = line.slice(0, RECID_WIDTH);
  if (!/^[0-9]{9}$/.test(recid)) throw fail(`the record id must be ${RECID_WIDTH} digits, found ${JSON.stringify(recid)}`, 1);
  if (line[9] !== ' ') throw fail('a space must follow the record id', 10);
  const tag = line.slice(10, 13);
  if (!TAG_PATTERN.test(tag)) throw fail(`bad tag ${JSON.stringify(tag)}: a tag is three letters or digits`, 11);
  const indicators = line.slice(13, 15);
  for (let i = 0; i < 2; i++) {
    const ind = indicators[i] ?? '';
    if (!INDICATOR_PATTERN.test(ind)) throw fail(`bad indicator ${JSON.stringify(ind)}: use a letter, a digit or _`, 14 + i);
  }
  if (line.length > 15 && line[15] !== ' ') throw fail('a space must follow the indicators', 16);
  const value = line.slice(16);
  const id = Number(recid);
  if (tag === LEADER_TAG) return { recid: id, leader: value };
  if (isControlTag(tag)) return { recid: id, field: { tag, value } };
  const blank = (c: string) => (c === BLANK_IN_TEXTMARC ? BLANK_INDICATOR : c);
  return { recid: id, field: { tag, ind1: blank(indicators[0]!), ind2: blank(indicators[1]!), subfields: parseSubfields(value, fail) } };
}

function parseSubfields(value: string, fail: (problem: string, column: number) => FormatSyntaxError): MarcSubfield[] {
  if (value === '') return [];
  if (!value.startsWith(SUBFIELD_MARK)) throw fail(`a data field's value starts with ${SUBFIELD_MARK} and a subfield code`, 17);
  const subfields: MarcSubfield[] = [];
  let column = 17;
  for (const piece of value.split(SUBFIELD_MARK).slice(1)) {
    if (piece === '') throw fail(`${SUBFIELD_MARK} without a subfield code`, column);
    subfields.push({ code: piece[0]!, value: piece.slice(1) });
    column += SUBFIELD_MARK.length + piece.length;
  }
  return subfields;
}

/**
 * Push-style TextMARC reader: feed text (in any chunks) with write(), collect finished records
 * with take(). A record ends where the record id changes; blank lines are skipped.
 */
export class TextMarcParser {
  #done: TextMarcEntry[] = [];
  #current: TextMarcEntry | undefined;
  #partial = '';
  #lineNumber = 0;

  write(text: string): this {
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop()!;
    for (const line of lines) this.#line(line);
    return this;
  }

  close(): this {
    if (this.#partial !== '') this.#line(this.#partial);
    this.#partial = '';
    if (this.#current) this.#done.push(this.#current);
    this.#current = undefined;
    return this;
  }

  take(): TextMarcEntry[] {
    const done = this.#done;
    this.#done = [];
    return done;
  }

  #line(raw: string): void {
    this.#lineNumber++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const { recid, leader, field } = parseLine(line, this.#lineNumber);
    if (this.#current?.recid !== recid) {
      if (this.#current) this.#done.push(this.#current);
      this.#current = { recid, record: { fields: [] } };
    }
    if (leader !== undefined) this.#current.record.leader = leader;
    if (field) this.#current.record.fields.push(field);
  }
}

/** Every record of a whole TextMARC text. */
export function parseTextMarc(text: string): TextMarcEntry[] {
  return new TextMarcParser().write(text).close().take();
}

/** Records one at a time, as they complete. */
export function readTextMarc(source: TextSource): AsyncGenerator<TextMarcEntry> {
  return pushParse(new TextMarcParser(), source);
}
