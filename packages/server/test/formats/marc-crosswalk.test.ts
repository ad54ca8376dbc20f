import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIBLIOGRAPHIC_RECORD_SCHEMA, type BibliographicRecord } from '../../src/formats/marc/bibliographic-record.js';
import { bibliographicToMarc, marcToBibliographic } from '../../src/formats/marc/crosswalk.js';
import { isControlField, type MarcField, type MarcRecord } from '../../src/formats/marc/marc-record.js';
import { parseMarcXml } from '../../src/formats/marc/marcxml-reader.js';
import { writeMarcXml } from '../../src/formats/marc/marcxml-writer.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { DEMO_FILE, marcXmlFixtureFiles, readMarcXmlFixture } from './fixtures.js';

const SCHEMA = { name: BIBLIOGRAPHIC_RECORD_SCHEMA, version: '1.0.0', kind: 'collection' as const };

/** Each field as one comparable string; a field's subfield order is part of it. */
const fieldKeys = (fields: MarcField[]) => fields.map((f) => JSON.stringify(isControlField(f) ? [f.tag, f.value] : [f.tag, f.ind1, f.ind2, f.subfields.map((s) => [s.code, s.value])]));

const fixtureRecords: { file: string; record: MarcRecord }[] = marcXmlFixtureFiles().flatMap((file) =>
  parseMarcXml(readMarcXmlFixture(file)).map((record) => ({ file, record })),
);

describe('MARC <-> bibliographic-record crosswalk', () => {
  it('reads every MARCXML fixture', () => {
    expect(fixtureRecords.length).toBe(21);
    expect(fixtureRecords.every(({ record }) => record.fields.length > 0)).toBe(true);
  });

  it.each(fixtureRecords.map((r, i) => [`${r.file} #${i}`, r.record] as const))('keeps every field and subfield of %s through JSON and back', (_name, record) => {
    const json = JSON.parse(JSON.stringify(marcToBibliographic(record))) as BibliographicRecord;
    const [back] = parseMarcXml(writeMarcXml([bibliographicToMarc(json)]));
    expect(fieldKeys(back!.fields).sort()).toEqual(fieldKeys(record.fields).sort());
    expect(back!.leader).toBe(record.leader);
  });

  it('puts authors, DOIs, titles and unmapped fields where they belong', () => {
    const [record] = parseMarcXml(readMarcXmlFixture('inspire/1608652.xml'));
    const doc = marcToBibliographic(record!);
    expect(doc.control_number).toBe('1608652');
    expect(doc.title?.title).toMatch(/^Towards a Fully Integrated Accelerator on a Chip/);
    expect(doc.dois?.map((d) => d.value)).toEqual(['10.18429/JACoW-IPAC2017-WEYB1', '10.3204/PUBDB-2017-05953']);
    const kartner = doc.authors?.find((a) => a.full_name === 'Kärtner, Franz');
    expect(kartner?.identifiers).toEqual([
      { scheme: 'orcid', value: '0000-0001-8829-5461' },
      { scheme: 'inspire-bai', value: 'F.X.Kartner.1' },
    ]);
    expect(kartner?.emails).toEqual(['dummy1@email.com']);
    // A $j that is not an ORCID (a JACoW id) stays verbatim on its author, not among the ORCIDs.
    const wootton = doc.authors?.[0];
    expect(wootton?.full_name).toBe('Wootton, Kent');
    expect(wootton?.identifiers).toEqual([{ scheme: 'inspire-bai', value: 'K.P.Wootton.1' }]);
    expect(wootton?.marc?.other).toContainEqual({ code: 'j', value: 'JACoW-00038738', position: 1 });
    expect(doc.publication_info).toEqual([
      { marc: { order: 'z', other: [{ code: 'z', value: '9783954501823', position: 0 }] } },
      { year: '2017', pages: '2520-2525', marc: { order: 'yc' } },
    ]);
  });

  it('lands an INSPIRE id ($i) in the identifiers and writes it back', () => {
    const record: MarcRecord = { fields: [{ tag: '100', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Wang, Feige' }, { code: 'i', value: 'INSPIRE-00635104' }, { code: 'j', value: 'ORCID:0000-0002-1825-0097' }] }] };
    const doc = marcToBibliographic(record);
    expect(doc.authors).toEqual([{ full_name: 'Wang, Feige', identifiers: [{ scheme: 'inspire-id', value: 'INSPIRE-00635104' }, { scheme: 'orcid', value: '0000-0002-1825-0097' }] }]);
    expect(bibliographicToMarc(doc)).toEqual(record);
  });

  it('keeps the 315-author preprint complete, main author first', () => {
    const preprint = parseMarcXml(readMarcXmlFixture(DEMO_FILE))[1]!;
    const names = preprint.fields.filter((f) => f.tag === '100' || f.tag === '700').map((f) => (isControlField(f) ? '' : f.subfields.find((s) => s.code === 'a')?.value));
    expect(names.length).toBe(315);
    const doc = marcToBibliographic(preprint);
    expect(doc.authors?.map((a) => a.full_name)).toEqual(names);
    expect(bibliographicToMarc(doc).fields.filter((f) => f.tag === '700').length).toBe(314);
  });

  it('writes edited items sensibly: an added affiliation follows the recorded order', () => {
    const [record] = parseMarcXml(readMarcXmlFixture('inspire/1608652.xml'));
    const doc = marcToBibliographic(record!);
    doc.authors![1]!.affiliations = ['DESY'];
    const field = bibliographicToMarc(doc).fields.find((f) => f.tag === '700' && !isControlField(f) && f.subfields[0]!.value === 'Kärtner, Franz');
    expect(field && !isControlField(field) && field.subfields.map((s) => s.code).join('')).toBe('ajmvvwxyu');
  });
});

describe.each(testDatabases)('bibliographic-record schema ($dialect)', (database) => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await startTestInstance(database);
  });
  afterAll(() => instance?.close());

  it('is in the registry with its title and facets', async () => {
    const stored = await instance.capsule.schemas.get(BIBLIOGRAPHIC_RECORD_SCHEMA, '1.0.0');
    expect(stored.config.title).toBe('/title/title');
    expect(Object.keys(stored.config.facets ?? {})).toContain('subject');
  });

  it('validates every fixture record, reporting the one with no title (an INSPIRE author record) rather than passing it', async () => {
    const reports: Record<string, unknown[]> = {};
    for (const { file, record } of fixtureRecords) {
      const errors = await instance.capsule.schemas.validate(SCHEMA, marcToBibliographic(record), 'full');
      if (errors.length) reports[file] = errors;
    }
    expect(reports).toEqual({ 'inspire/1502655.xml': [{ field: ['title'], message: 'This field is required.' }] });
  });

  it('reports a record with no title instead of importing it silently', async () => {
    const [record] = parseMarcXml(readMarcXmlFixture('inspire/1674987.xml'));
    const untitled = { ...record!, fields: record!.fields.filter((f) => f.tag !== '245') };
    const errors = await instance.capsule.schemas.validate(SCHEMA, marcToBibliographic(untitled), 'full');
    expect(errors).toContainEqual({ field: ['title'], message: 'This field is required.' });
  });

  it('keeps a malformed identifier and lets validation name it', async () => {
    const record: MarcRecord = {
      fields: [
        { tag: '245', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'A title' }] },
        { tag: '100', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Doe, J' }, { code: 'j', value: 'ORCID:1234' }] },
      ],
    };
    const doc = marcToBibliographic(record);
    expect(doc.authors?.[0]?.identifiers).toEqual([{ scheme: 'orcid', value: '1234' }]);
    const errors = await instance.capsule.schemas.validate(SCHEMA, doc, 'full');
    expect(errors.map((e) => e.field)).toContainEqual(['authors', 0, 'identifiers', 0, 'value']);
  });
});
