import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { offlineDocumentLoader } from '../../src/formats/contexts/offline-document-loader.js';
import { marcToBibliographic } from '../../src/formats/marc/crosswalk.js';
import { parseMarcXml } from '../../src/formats/marc/marcxml-reader.js';
import { serializeSchemaOrg, serializeSchemaOrgList } from '../../src/formats/schema-org.js';
import { openDataFiles, openDataItem, readMarcXmlFixture } from './fixtures.js';

const SDO = 'http://schema.org/';
type Expanded = Record<string, unknown[]> & { '@type'?: string[] };

const expand = async (text: string) => (await jsonld.expand(JSON.parse(text), { documentLoader: offlineDocumentLoader as never })) as Expanded[];

describe('schema.org JSON-LD export', () => {
  it('types each open data sample by what it is and expands with the shipped context', async () => {
    const records = openDataFiles('samples').flatMap((f) => f.records);
    const expanded = await expand(serializeSchemaOrgList(records.map(openDataItem)));
    const typeOf = (recid: string) => expanded[records.findIndex((r) => r.recid === recid)]!['@type'];
    expect(typeOf('14')).toEqual([`${SDO}Dataset`]);
    const software = records.find((r) => (r.type as { primary: string }).primary === 'Software')!;
    expect(typeOf(String(software.recid))).toEqual([`${SDO}SoftwareSourceCode`]);
    const mu = expanded[records.findIndex((r) => r.recid === '14')]!;
    expect(mu[`${SDO}name`]).toEqual([{ '@value': '/Mu/Run2010B-Apr21ReReco-v1/AOD' }]);
    const download = (mu[`${SDO}distribution`] as Expanded[])[0]!;
    expect(download['@type']).toEqual([`${SDO}DataDownload`]);
    expect(download[`${SDO}contentUrl`]?.[0]).toMatchObject({ '@id': expect.stringMatching(/^root:\/\//) });
  });

  it('gives a MARC paper as a ScholarlyArticle with its authors identifiers', async () => {
    const [record] = parseMarcXml(readMarcXmlFixture('inspire/1608652.xml'));
    const item = { metadata: marcToBibliographic(record!), envelope: { id: 'a2b7c3d4-0000-4000-8000-000000000001', created: '2024-01-01T00:00:00Z', updated: '2024-01-02T00:00:00Z', schema: 'bibliographic-record' } };
    const [node] = await expand(serializeSchemaOrg(item));
    expect(node!['@type']).toEqual([`${SDO}ScholarlyArticle`]);
    expect(node!['@id']).toBe('https://doi.org/10.18429/JACoW-IPAC2017-WEYB1');
    const creators = node![`${SDO}creator`] as Expanded[];
    expect(creators.length).toBe(3);
    expect(creators[1]![`${SDO}sameAs`]).toContainEqual({ '@id': 'https://orcid.org/0000-0001-8829-5461' });
  });
});
