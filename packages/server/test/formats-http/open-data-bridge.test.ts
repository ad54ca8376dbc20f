import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataInputDataset } from '../../src/formats/opendata/input-dataset.js';
import { importRecords } from '../../src/records/import-records.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { loadOpenData, OPEN_DATA } from '../search/corpus.js';

const MU_DOI = '10.7483/OPENDATA.CMS.B8MR.C4A2';
const MU = OPEN_DATA.find((r) => r.recid === '14')!;

/** The item the bridge must produce for /Mu/Run2010B-Apr21ReReco-v1/AOD, from the portal's record as the fixture holds it. */
const MU_DATASET = {
  '@type': 'dcat:Dataset',
  title: '/Mu/Run2010B-Apr21ReReco-v1/AOD',
  description: 'Mu primary dataset in AOD format from RunB of 2010 The list of validated runs, which must be applied to all analyses, can be found in',
  type: 'data',
  year: 2010,
  licence: 'CC0-1.0',
  persistent_identifiers: [
    { scheme: 'DOI', identifier: MU_DOI },
    { scheme: 'URL', identifier: 'https://opendata.cern.ch/record/14' },
  ],
  issued: '2014',
  modified: '2011',
  nevents: 32376291,
  nfiles: 2979,
  extend: 3208262517610,
};

describe.each(testDatabases)('the Open Data bridge ($dialect)', (database) => {
  let instance: TestInstance;
  let physicist: Client;
  let importer: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await loadOpenData(instance.capsule);
    const { accounts } = instance.capsule;
    physicist = client(instance.app, (await accounts.createToken('physicist@example.org')).token);
    importer = client(instance.app, (await accounts.createToken('importer@example.org')).token);
  }, 300_000);
  afterAll(() => instance?.close());

  const dataset = (query: Record<string, string>, as: Client = physicist) => as.get(`/api/opendata/datasets?${new URLSearchParams(query)}`);

  /** Errors of a cms-analysis document holding these input datasets, as publishing would check it. */
  const analysisErrors = async (inputDatasets: unknown[]) => {
    const schema = await instance.capsule.schemas.get('cms-analysis');
    const doc = { experiment: 'CMS', analysis_title: 'Dimuon spectrum', researchers: [{ family_name: 'Ellis', givenname: 'John' }], input_datasets: inputDatasets };
    return instance.capsule.schemas.validate(schema, doc, 'full');
  };

  it('fills an input dataset from the record of recid 14 or of its DOI, and it is what cms-analysis accepts', async () => {
    expect(MU.doi).toBe(MU_DOI);
    const byRecid = await dataset({ recid: '14' });
    expect(byRecid.status, byRecid.text).toBe(200);
    expect(byRecid.body).toEqual(MU_DATASET);
    const byDoi = await dataset({ doi: MU_DOI.toLowerCase() });
    expect(byDoi.status, byDoi.text).toBe(200);
    expect(byDoi.body).toEqual(MU_DATASET);
    expect(await analysisErrors([byRecid.body])).toEqual([]);
    // The check can fail: the schema closes the item.
    expect((await analysisErrors([{ ...byRecid.body, run_numbers: MU.run_numbers }])).map((e) => e.field.slice(0, 2))).toContainEqual(['input_datasets', 0]);
  });

  it('finds a record whose number is a common word (recid 1) among thousands that contain it', async () => {
    const res = await dataset({ recid: '1' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ title: '/BTau/Run2010B-Apr21ReReco-v1/AOD', persistent_identifiers: [{ scheme: 'DOI', identifier: '10.7483/OPENDATA.CMS.A342.9982' }, { scheme: 'URL', identifier: 'https://opendata.cern.ch/record/1' }] });
  });

  it('converts every open data dataset of the corpus into an input dataset that cms-analysis accepts', async () => {
    const datasets = OPEN_DATA.filter((r) => (r.type as { primary: string }).primary === 'Dataset');
    expect(datasets.length).toBeGreaterThan(1000);
    const items = datasets.map(openDataInputDataset);
    const errors = await analysisErrors(items);
    expect(errors.slice(0, 5)).toEqual([]);
    // Over HTTP too, for one dataset of each experiment.
    const oneEach = [...new Map(datasets.map((r) => [r.experiment[0], r])).values()];
    expect(oneEach.length).toBeGreaterThan(3);
    for (const r of oneEach) {
      const res = await dataset({ recid: r.recid });
      expect(res.status, `${r.recid}: ${res.text}`).toBe(200);
      expect(res.body).toEqual(openDataInputDataset(r));
    }
  });

  it('goes into a draft analysis through the API', async () => {
    const created = await physicist.post('/api/deposits/', { $ana_type: 'cms-analysis', experiment: 'CMS', analysis_title: 'Dimuon spectrum' });
    expect(created.status, created.text).toBe(201);
    const item = (await dataset({ doi: MU_DOI })).body;
    const patched = await physicist.patch(`/api/deposits/${created.body.id}`, [{ op: 'add', path: '/input_datasets', value: [item] }]);
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.metadata.input_datasets).toEqual([MU_DATASET]);
  });

  it('answers 404 for a record not imported here or not readable by the caller, 422 for one that is not a dataset, 400 without one reference', async () => {
    expect((await dataset({ doi: '10.7483/OPENDATA.CMS.NONE.0000' })).status).toBe(404);
    expect((await dataset({ recid: '999999999' })).status).toBe(404);
    const owner = await instance.capsule.accounts.ensureUser('importer@example.org');
    const { db, dialect, write } = instance.capsule.database;
    const hidden = { ...MU, recid: '999999998', doi: '10.7483/OPENDATA.CMS.PRIV.0001' };
    await importRecords({ db, dialect, write, schemas: instance.capsule.schemas }, owner, await instance.capsule.schemas.get('opendata-record'), [{ source: 'private', metadata: hidden }], { private: true });
    expect((await dataset({ doi: hidden.doi })).status).toBe(404);
    expect((await dataset({ doi: hidden.doi }, importer)).body).toMatchObject({ title: MU.title });
    const software = OPEN_DATA.find((r) => (r.type as { primary: string }).primary === 'Software' && r.doi)!;
    const refused = await dataset({ doi: software.doi as string });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors).toEqual([{ field: ['type', 'primary'], message: 'must be Dataset to be an input dataset' }]);
    expect((await dataset({})).status).toBe(400);
    expect((await dataset({ doi: MU_DOI, recid: '14' })).status).toBe(400);
    expect((await dataset({ doi: 'not a doi' })).status).toBe(400);
  });
});
