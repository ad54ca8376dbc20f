import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineDocumentLoader } from '../../src/formats/contexts/offline-document-loader.js';
import { MARCXML_NAMESPACE } from '../../src/formats/marc/marcxml-reader.js';
import { client, type Client, type Reply } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { child, childrenNamed, parseXmlTree } from '../formats/xml-tree.js';
import { importFixtures, OPEN_DATA_SAMPLES } from './imported-fixtures.js';

const MARCXML = 'application/marcxml+xml';
const TEXTMARC = 'text/x-textmarc';
const JSON_LD = 'application/ld+json';
const DCAT = 'application/ld+json; profile="http://www.w3.org/ns/dcat"';
const DATACITE = 'application/vnd.datacite.datacite+xml';
const CSV = 'text/csv';

const SCHEMA_ORG = 'http://schema.org/';
const DCAT_NS = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const MU_DOI = '10.7483/OPENDATA.CMS.B8MR.C4A2';
const MU_TITLE = '/Mu/Run2010B-Apr21ReReco-v1/AOD';
const EXAMPLE = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cms-analysis-example.json'), 'utf8'));

type Expanded = Record<string, { '@value'?: unknown; '@id'?: string }[]> & { '@type'?: string[] };

/** A JSON-LD body expanded with only the contexts Capsule ships: it fails if anything would be fetched. */
const expand = async (res: Reply) => (await jsonld.expand(JSON.parse(res.text), { documentLoader: offlineDocumentLoader as never })) as Expanded[];
const valuesOf = (node: Expanded, property: string) => (node[property] ?? []).map((v) => v['@value']);

/** The MARC records of a MARCXML body, parsed as XML (so it must be well-formed). */
function marcRecords(xml: string) {
  const root = parseXmlTree(xml);
  expect(root).toMatchObject({ uri: MARCXML_NAMESPACE, name: 'collection' });
  return childrenNamed(root, 'record');
}

const subfield = (record: ReturnType<typeof marcRecords>[number], tag: string, code: string) =>
  childrenNamed(record, 'datafield')
    .filter((f) => f.attributes.tag === tag)
    .flatMap((f) => childrenNamed(f, 'subfield').filter((s) => s.attributes.code === code).map((s) => s.text));

/** TextMARC record ids (the first column), in order of first appearance. */
const textMarcIds = (text: string) => [...new Set(text.trimEnd().split('\n').map((line) => line.slice(0, 9)))];

describe.each(testDatabases)('export formats over HTTP ($dialect)', (database) => {
  let instance: TestInstance;
  let anonymous: Client;
  let physicist: Client;
  let muRecid: string;
  let bookRecid: string;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await importFixtures(instance.capsule);
    anonymous = client(instance.app);
    physicist = client(instance.app, (await instance.capsule.accounts.createToken('physicist@example.org')).token);
    const mu = await anonymous.get(`/api/records/?q=${encodeURIComponent(`doi:"${MU_DOI}"`)}`);
    muRecid = mu.body.hits.hits[0].recid;
    const demo = await anonymous.get('/api/records/?collection=bibliographic-record&size=1');
    bookRecid = demo.body.hits.hits[0].recid;
  }, 120_000);
  afterAll(() => instance?.close());

  const getRecord = (recid: string, accept: string) => anonymous.get(`/api/records/${recid}`, { accept });

  describe('a published record', () => {
    it('as MARCXML: well-formed MARC 21 slim with its title and DOI', async () => {
      const res = await getRecord(muRecid, MARCXML);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toBe(`${MARCXML}; charset=utf-8`);
      const [record, ...more] = marcRecords(res.text);
      expect(more).toEqual([]);
      expect(subfield(record!, '245', 'a')).toEqual([MU_TITLE]);
      expect(subfield(record!, '024', 'a')).toEqual([MU_DOI]);
    });

    it('as TextMARC: one record of lines "id tag+indicators value"', async () => {
      const res = await getRecord(muRecid, TEXTMARC);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toBe(`${TEXTMARC}; charset=utf-8`);
      const lines = res.text.trimEnd().split('\n');
      for (const line of lines) expect(line).toMatch(/^\d{9} [0-9A-Z]{3}[\w ]{2} \S/);
      expect(textMarcIds(res.text)).toHaveLength(1);
      expect(lines.some((l) => l.slice(10) === `245__ $$a${MU_TITLE}`)).toBe(true);
    });

    it('as schema.org JSON-LD: a Dataset that expands offline with the shipped context', async () => {
      const res = await getRecord(muRecid, JSON_LD);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toBe(`${JSON_LD}; charset=utf-8`);
      const [node, ...more] = await expand(res);
      expect(more).toEqual([]);
      expect(node!['@type']).toEqual([`${SCHEMA_ORG}Dataset`]);
      expect(node!['@id']).toBe(`http://capsule.test/records/${muRecid}`);
      expect(valuesOf(node!, `${SCHEMA_ORG}name`)).toEqual([MU_TITLE]);
    });

    it('as DCAT-3 JSON-LD when Accept names the DCAT profile, even beside plain JSON-LD', async () => {
      for (const accept of [DCAT, `${JSON_LD};q=0.5, ${DCAT}`, 'application/ld+json;profile=http://www.w3.org/ns/dcat']) {
        const res = await getRecord(muRecid, accept);
        expect(res.status, res.text).toBe(200);
        expect(res.headers['content-type']).toBe(`${DCAT}; charset=utf-8`);
        const [node] = await expand(res);
        expect(node!['@type']).toEqual([`${DCAT_NS}Dataset`]);
        expect(valuesOf(node!, `${DCT}title`)).toEqual([MU_TITLE]);
        expect(node![`${DCAT_NS}distribution`]).toHaveLength((OPEN_DATA_SAMPLES.find((r) => r.recid === '14')!.files as unknown[]).length);
      }
      // Plain JSON-LD, however it is asked for, is schema.org.
      for (const accept of [JSON_LD, `${JSON_LD}, ${DCAT};q=0.5`]) {
        const [node] = await expand(await getRecord(muRecid, accept));
        expect(node!['@type']).toEqual([`${SCHEMA_ORG}Dataset`]);
      }
    });

    it('as DataCite XML when it has all DataCite makes mandatory', async () => {
      const res = await getRecord(muRecid, DATACITE);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toBe(`${DATACITE}; charset=utf-8`);
      const resource = parseXmlTree(res.text);
      expect(child(resource, 'identifier')!.text).toBe(MU_DOI);
      expect(child(resource, 'publicationYear')!.text).toBe('2014');
    });

    it('not as DataCite XML when it lacks mandatory properties: 406 naming the missing fields', async () => {
      const res = await getRecord(bookRecid, DATACITE);
      expect(res.status, res.text).toBe(406);
      expect(res.body.message).toMatch(/DataCite XML/);
      expect(res.body.errors).toContainEqual({ field: ['dois'], message: 'DataCite requires an identifier (a DOI)' });
    });

    it('not as CSV (a format of search results) nor in an unknown format: 406', async () => {
      for (const accept of [CSV, 'application/pdf', 'text/html']) {
        const res = await getRecord(muRecid, accept);
        expect(res.status, accept).toBe(406);
        expect(res.body.message).toContain('available: application/json');
      }
    });

    it('exports a given version too, and JSON stays the default', async () => {
      const res = await anonymous.get(`/api/records/${muRecid}/versions/1`, { accept: MARCXML });
      expect(res.status, res.text).toBe(200);
      expect(subfield(marcRecords(res.text)[0]!, '245', 'a')).toEqual([MU_TITLE]);
      expect((await anonymous.get(`/api/records/${muRecid}`)).body).toMatchObject({ recid: muRecid, type: 'record' });
      expect((await getRecord(muRecid, '*/*')).body).toMatchObject({ recid: muRecid, type: 'record' });
    });

    it('gives a MARC record imported from MARCXML back with its fields', async () => {
      const res = await getRecord(bookRecid, MARCXML);
      expect(res.status, res.text).toBe(200);
      const [record] = marcRecords(res.text);
      const json = await anonymous.get(`/api/records/${bookRecid}`);
      expect(subfield(record!, '245', 'a')).toEqual([json.body.metadata.title.title]);
    });
  });

  describe('search results', () => {
    const search = (accept: string, query = 'collection=opendata-record&size=100') => anonymous.get(`/api/records/?${query}`, { accept });

    it('as CSV: a header and one row per hit', async () => {
      const res = await search(CSV);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toBe(`${CSV}; charset=utf-8`);
      const lines = res.text.split('\r\n').filter(Boolean);
      expect(lines[0]).toMatch(/^id,recid,schema,title,/);
      expect(lines).toHaveLength(OPEN_DATA_SAMPLES.length + 1);
      expect(lines.some((l) => l.includes(`,${muRecid},opendata-record,${MU_TITLE},`))).toBe(true);
    });

    it('as MARCXML and TextMARC: every hit one record', async () => {
      const xml = await search(MARCXML);
      expect(xml.status, xml.text).toBe(200);
      expect(marcRecords(xml.text)).toHaveLength(OPEN_DATA_SAMPLES.length);
      const text = await search(TEXTMARC);
      expect(text.status, text.text).toBe(200);
      expect(textMarcIds(text.text)).toHaveLength(OPEN_DATA_SAMPLES.length);
    });

    it('as schema.org and DCAT JSON-LD graphs that expand offline', async () => {
      const schemaOrg = await expand(await search(JSON_LD));
      expect(schemaOrg).toHaveLength(OPEN_DATA_SAMPLES.length);
      expect(schemaOrg.flatMap((n) => n['@type'])).toContain(`${SCHEMA_ORG}SoftwareSourceCode`);
      const dcat = await search(DCAT);
      expect(dcat.headers['content-type']).toBe(`${DCAT}; charset=utf-8`);
      const nodes = await expand(dcat);
      expect(nodes).toHaveLength(OPEN_DATA_SAMPLES.length);
      for (const node of nodes) expect(node['@type']).toEqual([`${DCAT_NS}Dataset`]);
    });

    it('only of the page asked for', async () => {
      const res = await search(CSV, 'collection=opendata-record&size=2&page=2');
      expect(res.text.split('\r\n').filter(Boolean)).toHaveLength(3);
    });

    it('not as DataCite XML (one record only) nor in an unknown format: 406', async () => {
      for (const accept of [DATACITE, 'application/pdf']) expect((await search(accept)).status, accept).toBe(406);
    });
  });

  describe('drafts', () => {
    let draftId: string;

    beforeAll(async () => {
      const res = await physicist.post('/api/deposits/', { $ana_type: 'cms-analysis', ...EXAMPLE });
      expect(res.status, res.text).toBe(201);
      draftId = res.body.id;
    });

    it('a draft in every item format, with its revision as the ETag', async () => {
      const xml = await physicist.get(`/api/deposits/${draftId}`, { accept: MARCXML });
      expect(xml.status, xml.text).toBe(200);
      expect(xml.headers.etag).toBe('"0"');
      expect(subfield(marcRecords(xml.text)[0]!, '245', 'a')).toEqual([EXAMPLE.analysis_title]);
      const [node] = await expand(await physicist.get(`/api/deposits/${draftId}`, { accept: DCAT }));
      expect(valuesOf(node!, `${DCT}title`)).toEqual([EXAMPLE.analysis_title]);
      expect(node!['@id']).toBe(`http://capsule.test/drafts/${draftId}`);
      const [schemaOrg] = await expand(await physicist.get(`/api/deposits/${draftId}`, { accept: JSON_LD }));
      expect(valuesOf(schemaOrg!, `${SCHEMA_ORG}name`)).toEqual([EXAMPLE.analysis_title]);
      expect((await physicist.get(`/api/deposits/${draftId}`, { accept: TEXTMARC })).text).toContain(`245__ $$a${EXAMPLE.analysis_title}`);
    });

    it('a draft without a DOI is refused as DataCite XML, and CSV is for lists: 406', async () => {
      const datacite = await physicist.get(`/api/deposits/${draftId}`, { accept: DATACITE });
      expect(datacite.status).toBe(406);
      expect(datacite.body.errors.map((e: { field: unknown }) => e.field)).toContainEqual(['doi']);
      expect((await physicist.get(`/api/deposits/${draftId}`, { accept: CSV })).status).toBe(406);
    });

    it('the drafts listing in the list formats, only what the caller may read', async () => {
      const csv = await physicist.get('/api/deposits/', { accept: CSV });
      expect(csv.status, csv.text).toBe(200);
      const rows = csv.text.split('\r\n').filter(Boolean);
      expect(rows).toHaveLength(2);
      expect(rows[1]).toMatch(new RegExp(`^${draftId},,cms-analysis,${EXAMPLE.analysis_title},`));
      const other = client(instance.app, (await instance.capsule.accounts.createToken('other@example.org')).token);
      expect((await other.get('/api/deposits/', { accept: CSV })).text.split('\r\n').filter(Boolean)).toHaveLength(1);
      expect(marcRecords((await physicist.get('/api/deposits/', { accept: MARCXML })).text)).toHaveLength(1);
      expect((await physicist.get('/api/deposits/', { accept: 'application/pdf' })).status).toBe(406);
    });
  });
});
