import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FormatSyntaxError } from '../format-error.js';
import { pushParse, type TextSource } from '../text-source.js';
import { BLANK_INDICATOR, type MarcDataField, type MarcRecord } from './marc-record.js';

export const MARCXML_NAMESPACE = 'http://www.loc.gov/MARC21/slim';

const FORMAT = 'MARCXML';

/** What the parser is inside of, below <record>. */
type Open =
  | { kind: 'leader'; text: string }
  | { kind: 'controlfield'; tag: string; text: string }
  | { kind: 'datafield'; field: MarcDataField }
  | { kind: 'subfield'; field: MarcDataField; code: string; text: string };

/**
 * Push-style MARCXML parser: feed text with write(), collect finished records with take().
 * Accepts the MARC 21 slim namespace or no namespace, records with or without a leader, any
 * data field tag (FFT pseudo-fields included), and keeps subfield text exactly, newlines too.
 * Outside records, other elements are wrappers whose text is ignored; inside one they are an error.
 */
export class MarcXmlParser {
  // Namespaces are resolved here rather than by saxes: only element prefixes matter, and saxes' own handling costs a third of its speed.
  readonly #sax: SaxesParser<{ position: true }>;
  /** The attributes of each open element, innermost last: where namespace declarations are looked up, only when needed. */
  readonly #scopes: Record<string, string>[] = [];
  #done: MarcRecord[] = [];
  #record: MarcRecord | undefined;
  #open: Open | undefined;

  constructor() {
    this.#sax = new SaxesParser({ position: true });
    this.#sax.on('error', (e) => {
      // saxes prefixes "line:column: "; the position goes into our error instead.
      throw this.#error(e.message.replace(/^\d+:\d+: /, ''));
    });
    this.#sax.on('opentag', (tag) => this.#openTag(tag as SaxesTagPlain));
    this.#sax.on('closetag', () => this.#closeTag());
    this.#sax.on('xmldecl', (decl) => {
      // Input is decoded as UTF-8; a document that says otherwise would be misread.
      if (decl.encoding !== undefined && !/^utf-?8$/i.test(decl.encoding)) throw this.#error(`the encoding ${decl.encoding} is not read: convert the file to UTF-8`);
    });
    this.#sax.on('text', (text) => this.#text(text));
    this.#sax.on('cdata', (text) => this.#text(text));
  }

  write(text: string): this {
    this.#sax.write(text);
    return this;
  }

  close(): this {
    this.#sax.close();
    return this;
  }

  /** Records completed since the last call. */
  take(): MarcRecord[] {
    const done = this.#done;
    this.#done = [];
    return done;
  }

  #error(problem: string): FormatSyntaxError {
    return new FormatSyntaxError(FORMAT, problem, { line: this.#sax.line, column: Math.max(1, this.#sax.column) });
  }

  /** The namespace of a prefix ('' for none) where the parser is now: the nearest declaration among the open elements. */
  #namespace(prefix: string): string {
    const declaration = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
    for (let i = this.#scopes.length - 1; i >= 0; i--) {
      const uri = this.#scopes[i]![declaration];
      if (uri !== undefined) return uri;
    }
    if (prefix === '') return '';
    throw this.#error(`the prefix ${prefix} is not declared`);
  }

  #attribute(tag: SaxesTagPlain, name: string, required: true): string;
  #attribute(tag: SaxesTagPlain, name: string, required: false): string | undefined;
  #attribute(tag: SaxesTagPlain, name: string, required: boolean): string | undefined {
    const value = tag.attributes[name];
    if (value === undefined && required) throw this.#error(`<${tag.name}> needs a ${name} attribute`);
    return value;
  }

  #openTag(tag: SaxesTagPlain): void {
    this.#scopes.push(tag.attributes);
    const colon = tag.name.indexOf(':');
    const name = colon < 0 ? tag.name : tag.name.slice(colon + 1);
    const uri = this.#namespace(colon < 0 ? '' : tag.name.slice(0, colon));
    const isMarc = uri === MARCXML_NAMESPACE || uri === '';
    if (this.#record === undefined) {
      // Outside a record every other element is a wrapper (<collection>, an OAI-PMH envelope...): records may sit anywhere in it.
      if (isMarc && name === 'record') this.#record = { fields: [] };
      return;
    }
    if (!isMarc) throw this.#error(`unexpected element {${uri}}${name} inside a record`);
    if (this.#open === undefined) {
      if (name === 'leader') this.#open = { kind: 'leader', text: '' };
      else if (name === 'controlfield') this.#open = { kind: 'controlfield', tag: this.#attribute(tag, 'tag', true), text: '' };
      else if (name === 'datafield') {
        const field: MarcDataField = {
          tag: this.#attribute(tag, 'tag', true),
          ind1: indicator(this.#attribute(tag, 'ind1', false)),
          ind2: indicator(this.#attribute(tag, 'ind2', false)),
          subfields: [],
        };
        this.#record.fields.push(field);
        this.#open = { kind: 'datafield', field };
      } else throw this.#error(`unexpected element <${name}> in a record`);
      return;
    }
    if (this.#open.kind === 'datafield' && name === 'subfield') {
      this.#open = { kind: 'subfield', field: this.#open.field, code: this.#attribute(tag, 'code', true), text: '' };
      return;
    }
    throw this.#error(`unexpected element <${name}> in <${this.#open.kind}>`);
  }

  #closeTag(): void {
    this.#scopes.pop();
    const record = this.#record;
    if (record === undefined) return; // a wrapper closes
    const open = this.#open;
    if (open === undefined) {
      // </record>: the only element that can close here.
      this.#done.push(record);
      this.#record = undefined;
      return;
    }
    switch (open.kind) {
      case 'leader':
        record.leader = open.text;
        this.#open = undefined;
        break;
      case 'controlfield':
        record.fields.push({ tag: open.tag, value: open.text });
        this.#open = undefined;
        break;
      case 'datafield':
        this.#open = undefined;
        break;
      case 'subfield':
        open.field.subfields.push({ code: open.code, value: open.text });
        this.#open = { kind: 'datafield', field: open.field };
        break;
    }
  }

  #text(text: string): void {
    const open = this.#open;
    if (open !== undefined && open.kind !== 'datafield') open.text += text;
    else if (this.#record !== undefined && NOT_BLANK.test(text)) {
      throw this.#error(`unexpected text ${JSON.stringify(text.trim().slice(0, 40))}${open ? ' in <datafield>' : ''}`);
    }
  }
}

const NOT_BLANK = /\S/;

/** Legacy Invenio wrote blank indicators as empty attributes; MARC means a space. */
function indicator(value: string | undefined): string {
  return value === undefined || value === '' ? BLANK_INDICATOR : value;
}

/** Every record of a whole MARCXML document. */
export function parseMarcXml(xml: string): MarcRecord[] {
  return new MarcXmlParser().write(xml).close().take();
}

/** Records one at a time, as they complete, never holding more of the input than a chunk. */
export function readMarcXml(source: TextSource): AsyncGenerator<MarcRecord> {
  return pushParse(new MarcXmlParser(), source);
}
