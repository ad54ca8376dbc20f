import { describe, expect, it } from 'vitest';
import { FormatSyntaxError } from '../../src/formats/format-error.js';
import { resolveFftFields } from '../../src/formats/marc/fft.js';
import { invenioDisplay } from '../../src/formats/marc/invenio-display.js';
import { isControlField, type MarcRecord } from '../../src/formats/marc/marc-record.js';
import { parseMarcXml } from '../../src/formats/marc/marcxml-reader.js';
import { parseTextMarc } from '../../src/formats/marc/textmarc-reader.js';
import { writeTextMarc } from '../../src/formats/marc/textmarc-writer.js';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { DEMO_FILE, DEMO_RECORD_85_INDEX, readFixture, readMarcXmlFixture } from './fixtures.js';

const SITE = 'https://capsule.example.org';
const REVISIONS = { rec_85_rev: '20260101120000.0', rec_1_rev: '20260102130000.0' };

/** The expected output of the fixture with its placeholders filled in. */
function expectedTextMarc(): string {
  return readFixture('marc', 'textmarc', 'invenio-demo-recid85-and-1.of-tm.txt')
    .replaceAll('%(siteurl)s', SITE)
    .replaceAll('%(rec_85_rev)s', REVISIONS.rec_85_rev)
    .replaceAll('%(rec_1_rev)s', REVISIONS.rec_1_rev);
}

describe('TextMARC', () => {
  it('renders the MARCXML of demo record 85 exactly as legacy Invenio did', () => {
    const source = parseMarcXml(readMarcXmlFixture(DEMO_FILE))[DEMO_RECORD_85_INDEX]!;
    // What Invenio's upload added: the record id, the revision stamp, and the FFT files as 8564 links.
    const uploaded = resolveFftFields(
      { ...source, fields: [{ tag: '001', value: '85' }, { tag: '005', value: REVISIONS.rec_85_rev }, ...source.fields] },
      (file) => `${SITE}/record/85/files/${file.name}`,
    );
    const expected = expectedTextMarc();
    const record85 = expected.slice(0, expected.indexOf('000000001 '));
    expect(writeTextMarc([{ recid: 85, record: invenioDisplay(uploaded) }])).toBe(record85);
  });

  it('writes what it reads byte for byte', () => {
    const text = expectedTextMarc();
    const entries = parseTextMarc(text);
    expect(entries.map((e) => e.recid)).toEqual([85, 1]);
    expect(entries[1]!.record.fields.find((f) => f.tag === '246')).toEqual({ tag: '246', ind1: ' ', ind2: '1', subfields: [{ code: 'a', value: "Expérience ALEPH: Candidat de la production d'un boson Higgs" }] });
    expect(writeTextMarc(entries)).toBe(text);
  });

  it('keeps every field of a MARCXML record, with multi-line text flattened as TextMARC requires', () => {
    const [record] = parseMarcXml(readMarcXmlFixture('cds/cds-dojson-books_book1.xml'));
    const flattened: MarcRecord = {
      fields: record!.fields.map((f) =>
        isControlField(f) ? f : { ...f, subfields: f.subfields.map((s) => ({ ...s, value: s.value.replace(/\r\n|\r|\n/g, ' ') })) },
      ),
    };
    expect(flattened).not.toEqual(record); // the fixture holds a multi-line abstract
    const text = writeTextMarc([{ recid: 2631445, record: record! }]);
    const [back] = parseTextMarc(text);
    expect(back!.record).toEqual(flattened);
    expect(writeTextMarc([back!])).toBe(text);
  });

  it('rejects a line with a bad tag, naming the line and column', () => {
    const text = '000000001 245__ $$aA title\n000000001 2#5__ $$aBroken\n';
    let error: unknown;
    try {
      parseTextMarc(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatSyntaxError);
    expect(error).toMatchObject({ code: 'bad_request', line: 2, column: 11 });
    expect((error as Error).message).toContain('bad tag "2#5"');
  });

  it('rejects a data field without subfield marks and a short record id', () => {
    expect(() => parseTextMarc('000000001 245__ A title\n')).toThrow(/line 1, column 17/);
    expect(() => parseTextMarc('00001 245__ $$aA title\n')).toThrow(/line 1, column 1: the record id/);
  });

  it('refuses values it cannot represent instead of corrupting them', () => {
    const record = { fields: [{ tag: '500', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'costs $$5' }] }, { tag: '0248', ind1: ' ', ind2: ' ', subfields: [] }] };
    let error: unknown;
    try {
      writeTextMarc([{ recid: 7, record }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CapsuleError);
    expect((error as CapsuleError).code).toBe('not_acceptable');
    expect((error as CapsuleError).errors.map((e) => e.field)).toEqual([
      ['fields', 0, 'subfields', 0, 'value'],
      ['fields', 1, 'tag'],
    ]);
  });
});
