import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

const researcher = { givenname: 'Fabiola', family_name: 'Gianotti', orcid: '0000-0002-1825-0097', affiliation: { name: 'CERN', ror: '01ggx4157' } };

/** Per collection: a small complete record, and a one-field mistake with the path it must be reported at. */
const cases: { name: string; valid: Record<string, unknown>; mistake: [Record<string, unknown>, (string | number)[]] }[] = [
  {
    name: 'atlas-analysis',
    valid: {
      experiment: 'ATLAS', analysis_title: 'Search for new phenomena in dijet events', glance_id: 'ANA-EXOT-2016-01', physics_group: 'EXOT',
      collision: { type: 'pp', energy: 13 }, integrated_luminosity: 139, researchers: [researcher],
      input_datasets: [{ title: 'data18_13TeV.periodAllYear.physics_Main.PhysCont.DAOD_EXOT2.grp18_v01_p3640', type: 'data', year: 2018, derivation: 'EXOT2', ami_tags: 'p3640' }],
      likelihood: { format: 'HistFactory JSON (pyhf)', url: 'https://www.hepdata.net/record/ins1788448' },
      internal_documentation: [{ report_number: 'ATL-COM-PHYS-2018-123', url: 'https://cds.cern.ch/record/2631456' }],
    },
    mistake: [{ input_datasets: [{ title: 'x', ami_tags: 'p 3640' }] }, ['input_datasets', 0, 'ami_tags']],
  },
  {
    name: 'lhcb-analysis',
    valid: {
      experiment: 'LHCb', analysis_title: 'Angular analysis of B0 -> K*0 mu+ mu-', analysis_number: 'LHCb-ANA-2019-012', working_group: 'RD',
      decay_channels: ['[B0 -> (K*(892)0 -> K+ pi-) mu+ mu-]cc'], researchers: [researcher],
      input_data: [{ type: 'data', year: 2011, magnet_polarity: 'MagDown', reconstruction: 'Reco14', stripping_version: 'Stripping21r1', stream: 'DIMUON.DST', stripping_lines: ['StrippingB2XMuMu_Line'] }],
      trigger_lines: [{ name: 'Hlt2TopoMu2BodyBBDTDecision' }],
    },
    mistake: [{ input_data: [{ year: 2011, magnet_polarity: 'Up' }] }, ['input_data', 0, 'magnet_polarity']],
  },
  {
    name: 'alice-analysis',
    valid: {
      experiment: 'ALICE', analysis_title: 'Charged-particle nuclear modification factor in Pb-Pb', physics_working_group: 'PWG-JE', researchers: [researcher],
      input_data: [{ period: 'LHC15o', type: 'data', collision: { type: 'PbPb', energy: 5.02 }, year: 2015, data_format: 'AOD', reconstruction_pass: 'pass1', run_list: [244918, 244975] }],
      event_selection: { centrality_estimator: 'V0M', centrality_classes: [{ from: 0, to: 5 }, { from: 5, to: 10 }], vertex_z_cut_cm: 10 },
      train_runs: [{ train: 'PWGJE/Jets_EMC_PbPb', run_number: 4521, aliphysics_tag: 'vAN-20200101-1' }],
    },
    mistake: [{ event_selection: { centrality_classes: [{ from: 0, to: 105 }] } }, ['event_selection', 'centrality_classes', 0, 'to']],
  },
  {
    name: 'cms-stats-questionnaire',
    valid: {
      analysis_context: { name: 'Jane Doe', email: 'jane.doe@cern.ch', wg: 'HIG', cadi_id: 'HIG-19-001', title: 'H to ZZ to 4l', next_deadline_date: '2025-03-01', related_cadi_ids: ['HIG-16-041'] },
      multivariate_discriminants: { mva_use: { answer: 'Yes', comment: 'A BDT separates signal from ZZ' }, techniques: ['boosted decision trees'] },
      data_fitting: { goodness_of_fit: { performed: { answer: 'Yes' }, test: 'saturated model', p_values: [0.42, 0.17] } },
      confidence_intervals_limits: { method: 'CLs', asymptotic_formulae: { answer: 'Undecided' } },
      unfolding: { used: { answer: 'No' } },
    },
    mistake: [{ unfolding: { used: { answer: 'Maybe' } } }, ['unfolding', 'used', 'answer']],
  },
];

describe.each(testDatabases)('analysis collections ($dialect)', (database) => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await startTestInstance(database);
  });
  afterAll(() => instance?.close());

  it.each(cases)('$name accepts a complete record, draft and published', async ({ name, valid }) => {
    const schema = { name, version: '1.0.0', kind: 'collection' as const };
    expect(await instance.capsule.schemas.validate(schema, valid, 'draft')).toEqual([]);
    expect(await instance.capsule.schemas.validate(schema, valid, 'full')).toEqual([]);
  });

  it.each(cases)('$name names the field of a mistake in a draft', async ({ name, mistake: [doc, field] }) => {
    const errors = await instance.capsule.schemas.validate({ name, version: '1.0.0', kind: 'collection' }, doc, 'draft');
    expect(errors.map((e) => e.field)).toEqual([field]);
  });

  it.each(cases)('$name needs its identity to be published', async ({ name }) => {
    const errors = await instance.capsule.schemas.validate({ name, version: '1.0.0', kind: 'collection' }, {}, 'full');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.message === 'This field is required.')).toBe(true);
  });
});
