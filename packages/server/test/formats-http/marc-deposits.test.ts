import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { readFixture, readMarcXmlFixture } from '../formats/fixtures.js';
import { parseMarcXml } from '../../src/formats/marc/marcxml-reader.js';
import { marcToBibliographic } from '../../src/formats/marc/crosswalk.js';
import { MARCXML_FOOTER, MARCXML_HEADER } from '../../src/formats/marc/marcxml-writer.js';

const MARCXML = 'application/marcxml+xml';
const TEXTMARC = 'text/x-textmarc';
const CMS_PAPER = 'inspire/1502656.xml';

/** The TextMARC fixture's records (85 and 1), its placeholders filled in as the original test did. */
const textMarcRecords = () => {
  const text = readFixture('marc', 'textmarc', 'invenio-demo-recid85-and-1.of-tm.txt')
    .replaceAll('%(rec_85_rev)s', '20240101000000.0')
    .replaceAll('%(rec_1_rev)s', '20240101000000.0')
    .replaceAll('%(siteurl)s', 'http://capsule.test');
  const lines = text.split('\n').filter(Boolean);
  return { both: text, first: lines.filter((l) => l.startsWith('000000085 ')).join('\n') + '\n' };
};

describe.each(testDatabases)('MARC bodies on POST /api/deposits/ ($dialect)', (database) => {
  let instance: TestInstance;
  let physicist: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    physicist = client(instance.app, (await instance.capsule.accounts.createToken('physicist@example.org')).token);
  });
  afterAll(() => instance?.close());

  const post = (body: string, contentType: string, accept = 'application/json') => physicist.post('/api/deposits/', body, { 'content-type': contentType, accept });

  it('makes one MARCXML record a bibliographic-record draft of the caller, validated and stored as the crosswalk reads it', async () => {
    const xml = readMarcXmlFixture(CMS_PAPER);
    const res = await post(xml, MARCXML);
    expect(res.status, res.text).toBe(201);
    expect(res.headers.location).toBe(`http://capsule.test/api/deposits/${res.body.id}`);
    expect(res.body).toMatchObject({ type: 'deposit', status: 'draft', schema: { name: 'bibliographic-record' }, is_owner: true, created_by: { email: 'physicist@example.org' } });
    const [record] = parseMarcXml(xml);
    expect(res.body.metadata).toEqual(JSON.parse(JSON.stringify(marcToBibliographic(record!))));
    // It reads back as the same MARC, its fields in tag order.
    const back = await physicist.get(`/api/deposits/${res.body.id}`, { accept: MARCXML });
    const inTagOrder = [...record!.fields].sort((a, b) => a.tag.localeCompare(b.tag));
    expect(parseMarcXml(back.text)).toEqual([{ ...record, fields: inTagOrder }]);
  });

  it('takes TextMARC, with a charset parameter, and answers in the format asked for', async () => {
    const res = await post(textMarcRecords().first, `${TEXTMARC}; charset=utf-8`, TEXTMARC);
    expect(res.status, res.text).toBe(201);
    expect(res.headers['content-type']).toBe(`${TEXTMARC}; charset=utf-8`);
    expect(res.text).toMatch(/^000000085 001__ 85$/m);
    const list = await physicist.get('/api/deposits/?q=&size=100');
    expect(list.body.hits.hits.map((h: { schema: { name: string } }) => h.schema.name)).toEqual(['bibliographic-record', 'bibliographic-record']);
  });

  it('refuses malformed XML with 400 naming the line and column', async () => {
    const res = await post('<collection xmlns="http://www.loc.gov/MARC21/slim">\n  <record>\n    <datafield tag="245" ind1=" " ind2=" ">\n      <subfield code="a">T</subfeld>\n', MARCXML);
    expect(res.status, res.text).toBe(400);
    expect(res.body.message).toMatch(/^MARCXML, line 4, column \d+: /);
    expect(res.body.errors[0].message).toBe(res.body.message);
  });

  it('refuses a bad TextMARC line with 400 naming the line and column', async () => {
    const res = await post('000000001 245__ $$aA title\n00000001x 100__ $$aSomeone\n', TEXTMARC);
    expect(res.status, res.text).toBe(400);
    expect(res.body.message).toMatch(/^TextMARC, line 2, column 1: /);
  });

  it('refuses two records in one body, and none: 400, nothing created', async () => {
    const before = (await physicist.get('/api/deposits/')).body.hits.total;
    const two = await post(readMarcXmlFixture('invenio-legacy-demo-cds-11records.xml'), MARCXML);
    expect(two.status, two.text).toBe(400);
    expect(two.body.message).toMatch(/more than one MARC record/);
    expect((await post(textMarcRecords().both, TEXTMARC)).status).toBe(400);
    const none = await post(MARCXML_HEADER + MARCXML_FOOTER, MARCXML);
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/no MARC record/);
    expect((await physicist.get('/api/deposits/')).body.hits.total).toBe(before);
  });

  it('validates as drafts are: a malformed DOI is 422 naming the field; a missing title waits for publishing', async () => {
    const field = (tag: string, ind1: string, subfields: string) => `<datafield tag="${tag}" ind1="${ind1}" ind2=" ">${subfields}</datafield>`;
    const badDoi = field('024', '7', '<subfield code="2">DOI</subfield><subfield code="a">not a DOI</subfield>');
    const res = await post(`${MARCXML_HEADER}<record>${field('245', ' ', '<subfield code="a">T</subfield>')}${badDoi}</record>\n${MARCXML_FOOTER}`, MARCXML);
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors.map((e: { field: unknown }) => e.field)).toContainEqual(['dois', 0, 'value']);
    const untitled = await post(`${MARCXML_HEADER}<record>${field('245', ' ', '<subfield code="b">only a subtitle</subfield>')}</record>\n${MARCXML_FOOTER}`, MARCXML);
    expect(untitled.status, untitled.text).toBe(201);
    const publish = await physicist.post(`/api/deposits/${untitled.body.id}/actions/publish`);
    expect(publish.status).toBe(422);
    expect(publish.body.errors.map((e: { field: unknown }) => e.field)).toContainEqual(['title', 'title']);
  });

  it('needs a signed-in caller, and takes MARC nowhere but on creation', async () => {
    const anonymous = client(instance.app);
    expect((await anonymous.post('/api/deposits/', readMarcXmlFixture(CMS_PAPER), { 'content-type': MARCXML })).status).toBe(401);
    const created = await post(readMarcXmlFixture(CMS_PAPER), MARCXML);
    const put = await physicist.put(`/api/deposits/${created.body.id}`, readMarcXmlFixture(CMS_PAPER), { 'content-type': MARCXML });
    expect(put.status).toBe(415);
  });
});
