import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../src/formats/export-formats.js';
import { marcToBibliographic } from '../../src/formats/marc/crosswalk.js';
import { parseMarcXml } from '../../src/formats/marc/marcxml-reader.js';
import { parseTextMarc } from '../../src/formats/marc/textmarc-reader.js';
import { serializeMarcXml, serializeTextMarcList } from '../../src/formats/marc-export.js';
import { DEMO_FILE, openDataFiles, openDataItem, readMarcXmlFixture } from './fixtures.js';

const envelope = { id: 'a2b7c3d4-0000-4000-8000-000000000002', created: '2024-01-01T00:00:00Z', updated: '2024-01-02T00:00:00Z', schema: 'bibliographic-record' };

describe('MARC export of records', () => {
  it('gives a bibliographic record back as the MARCXML it came from', () => {
    const [record] = parseMarcXml(readMarcXmlFixture('inspire/1663923.xml'));
    const [back] = parseMarcXml(serializeMarcXml({ metadata: marcToBibliographic(record!), envelope }));
    const key = (r: typeof record) => r!.fields.map((f) => JSON.stringify(f)).sort();
    expect(key(back)).toEqual(key(record));
  });

  it('describes an open data record in MARC: title, DOI, creators, files', () => {
    const mu = openDataFiles('samples').flatMap((f) => f.records).find((r) => r.recid === '14')!;
    const [record] = parseMarcXml(serializeMarcXml(openDataItem(mu)));
    const subfield = (tag: string, code: string) => record!.fields.flatMap((f) => (f.tag === tag && 'subfields' in f ? f.subfields.filter((s) => s.code === code).map((s) => s.value) : []));
    expect(subfield('245', 'a')).toEqual(['/Mu/Run2010B-Apr21ReReco-v1/AOD']);
    expect(subfield('024', 'a')).toEqual(['10.7483/OPENDATA.CMS.B8MR.C4A2']);
    expect(subfield('100', 'a')).toEqual(['CMS collaboration']);
    expect(subfield('856', 'u').length).toBe((mu.files as unknown[]).length);
  });

  it('numbers TextMARC records by control number, else by position', () => {
    // Demo records carry no 001.
    const items = parseMarcXml(readMarcXmlFixture(DEMO_FILE)).slice(0, 3).map((r) => ({ metadata: marcToBibliographic(r), envelope }));
    const entries = parseTextMarc(serializeTextMarcList(items));
    expect(entries.map((e) => e.recid)).toEqual([1, 2, 3]);
    expect(entries[0]!.record.fields.find((f) => f.tag === '245')).toBeDefined();
  });

  it('offers each media type once, every one with an item or a list writer', () => {
    const types = EXPORT_FORMATS.map((f) => f.mediaType);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining(['application/marcxml+xml', 'text/x-textmarc', 'application/ld+json', 'application/ld+json; profile="http://www.w3.org/ns/dcat"', 'application/vnd.datacite.datacite+xml', 'text/csv']));
    expect(EXPORT_FORMATS.every((f) => f.item || f.list)).toBe(true);
  });
});
