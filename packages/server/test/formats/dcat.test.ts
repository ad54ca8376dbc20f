import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { offlineDocumentLoader } from '../../src/formats/contexts/offline-document-loader.js';
import { dcatDataset, serializeDcat, serializeDcatList } from '../../src/formats/dcat.js';
import { openDataFiles, openDataItem } from './fixtures.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const ADMS = 'http://www.w3.org/ns/adms#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

type Expanded = Record<string, unknown[]> & { '@type'?: string[]; '@id'?: string };
const values = (node: Expanded, property: string) => (node[property] ?? []) as Expanded[];

describe('DCAT-3 JSON-LD export', () => {
  it('expands every open data record, offline, to datasets with typed distributions, byte sizes and DOIs', async () => {
    let datasets = 0;
    let distributions = 0;
    let dois = 0;
    for (const { file, records } of openDataFiles()) {
      const document = JSON.parse(serializeDcatList(records.map(openDataItem)));
      const expanded = (await jsonld.expand(document, { documentLoader: offlineDocumentLoader as never })) as Expanded[];
      expect(expanded.length, file).toBe(records.length);
      expanded.forEach((node, i) => {
        const source = records[i]!;
        expect(node['@type'], file).toContain(`${DCAT}Dataset`);
        const files = (source.files as { size: number }[] | undefined) ?? [];
        const dists = values(node, `${DCAT}distribution`);
        expect(dists.length).toBe(files.length);
        dists.forEach((dist, k) => {
          expect(dist['@type']).toEqual([`${DCAT}Distribution`]);
          expect(values(dist, `${DCAT}byteSize`)).toEqual([{ '@value': files[k]!.size, '@type': `${XSD}nonNegativeInteger` }]);
        });
        distributions += dists.length;
        if (typeof source.doi === 'string' && source.doi !== '') {
          const ids = values(node, `${ADMS}identifier`);
          expect(ids.flatMap((id) => values(id, `${SKOS}notation`))).toEqual([{ '@value': source.doi }]);
          expect(ids[0]!['@id']).toBe(`https://doi.org/${source.doi}`);
          dois++;
        }
        datasets++;
      });
    }
    expect(datasets).toBe(8444);
    expect(dois).toBeGreaterThan(2000);
    expect(distributions).toBe(62763);
  }, 300_000);

  it('describes a CMS primary dataset fully', async () => {
    const records = openDataFiles('samples').find((f) => f.file === 'cms-primary-datasets-Run2010B-sample.json')?.records ?? [];
    const mu = records.find((r) => r.recid === '14');
    expect(mu).toBeDefined();
    const node = dcatDataset({ ...openDataItem(mu!), envelope: { ...openDataItem(mu!).envelope, url: 'https://capsule.example.org/records/14' } });
    expect(node).toMatchObject({
      '@id': 'https://capsule.example.org/records/14',
      '@type': 'Dataset',
      title: '/Mu/Run2010B-Apr21ReReco-v1/AOD',
      creator: [{ '@type': 'Organization', name: 'CMS collaboration' }],
      publisher: { name: 'CERN Open Data Portal' },
      license: 'https://spdx.org/licenses/CC0-1.0',
      issued: { '@value': '2014', '@type': 'http://www.w3.org/2001/XMLSchema#gYear' },
    });
    const [first] = node.distribution as Record<string, unknown>[];
    expect(first).toMatchObject({ '@type': 'Distribution', byteSize: 188299, checksum: { algorithm: 'spdx:checksumAlgorithm_adler32', checksumValue: '85e137b9' } });
    const expanded = (await jsonld.expand(JSON.parse(serializeDcat(openDataItem(mu!))), { documentLoader: offlineDocumentLoader as never })) as Expanded[];
    const checksum = values(values(expanded[0]!, `${DCAT}distribution`)[0]!, 'http://spdx.org/rdf/terms#checksum')[0]!;
    expect(values(checksum, 'http://spdx.org/rdf/terms#algorithm')).toEqual([{ '@id': 'http://spdx.org/rdf/terms#checksumAlgorithm_adler32' }]);
  });

  it('never fetches a context', async () => {
    await expect(offlineDocumentLoader('https://example.org/context.jsonld')).rejects.toThrow(/never fetched/);
    await expect(jsonld.expand({ '@context': 'https://example.org/context.jsonld', name: 'x' }, { documentLoader: offlineDocumentLoader as never })).rejects.toThrow();
  });
});
