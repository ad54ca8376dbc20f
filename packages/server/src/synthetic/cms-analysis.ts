import { mod11_2CheckCharacter } from '../schemas/formats/iso7064.js';
import {
  ANALYSIS_KINDS, ERAS, FAMILY_NAMES, FINAL_STATES, GIVEN_NAMES, INSTITUTES, JOURNALS, MC_PROCESSES, OBJECTS, PRIMARY_DATASETS,
  RELEASES, TOPICS, TRIGGERS, WORKING_GROUPS,
} from './cms-vocabulary.js';
import { SeededRandom } from './random.js';

/** A cms-analysis record as the schema describes it. */
export type CmsAnalysisRecord = Record<string, unknown>;

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The `index`-th record of the series `seed`: a realistic, complete cms-analysis (several
 * researchers, 2-10 physics objects with triggers and run periods, 1-20 datasets, processing
 * steps, publications), valid under the published schema. The same arguments give the same record.
 */
export function generateCmsAnalysis(seed: number, index: number): CmsAnalysisRecord {
  const rnd = SeededRandom.forItem(seed, index);
  const group = rnd.pick(WORKING_GROUPS);
  const yy = rnd.int(11, 24);
  const cadiId = `${group}-${yy}-${String(rnd.int(1, 40)).padStart(3, '0')}`;
  const eras = rnd.times(rnd.int(1, 3), () => rnd.pick(ERAS));
  const energy = eras[0]!.energy;
  return {
    experiment: 'CMS',
    analysis_title: `${rnd.pick(TOPICS)} at sqrt(s) = ${energy} TeV`,
    cadi_id: cadiId,
    working_group: group,
    keyword: rnd.pick(ANALYSIS_KINDS),
    abstract: `The analysis uses proton-proton collision data recorded in ${[...new Set(eras.map((e) => e.year))].join(' and ')}. Analysis ${index} of series ${seed}.`,
    collision: { type: group === 'HIN' ? 'PbPb' : 'pp', energy: group === 'HIN' ? 5.02 : energy },
    final_state: [...new Set(rnd.times(rnd.int(1, 3), () => rnd.pick(FINAL_STATES)))],
    researchers: rnd.times(rnd.int(2, 12), (i) => researcher(rnd, i)),
    physics_objects: rnd.times(rnd.int(2, 10), () => physicsObject(rnd, eras)),
    input_datasets: rnd.times(rnd.int(1, 20), () => dataset(rnd, rnd.pick(eras))),
    AOD_processing: rnd.times(rnd.int(1, 3), (i) => processingStep(rnd, cadiId, i)),
    documentation: [{
      CADI_ID: `AN${2000 + yy}/${String(rnd.int(1, 400)).padStart(3, '0')}`,
      url: `https://cms.cern.ch/iCMS/analysisadmin/cadilines?line=${cadiId}`,
      keyword: 'analysis note',
      comment: 'Main analysis note',
    }],
    internal_discussion: rnd.times(rnd.int(0, 3), () => ({ url: `https://cms-talk.web.cern.ch/t/${rnd.int(1000, 99999)}` })),
    presentations: rnd.times(rnd.int(1, 5), () => ({
      url: `https://indico.cern.ch/event/${rnd.int(100000, 1400000)}/`,
      title: `${group} meeting: ${cadiId} status`,
      date: `${2000 + yy}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
    })),
    publication: rnd.times(rnd.int(0, 3), () => publication(rnd, yy)),
  };
}

function researcher(rnd: SeededRandom, position: number): Record<string, unknown> {
  const givenname = rnd.pick(GIVEN_NAMES);
  const familyName = rnd.pick(FAMILY_NAMES);
  const institute = rnd.pick(INSTITUTES);
  const asciiName = `${givenname}.${familyName}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
  // Issued ORCID iDs start 0000-0001 to 0000-0003.
  const orcid = orcidOf(`0000000${rnd.int(1, 3)}${rnd.digits(7)}`);
  return {
    givenname,
    family_name: familyName,
    email: `${asciiName}@cern.ch`,
    orcid,
    affiliation: { name: institute.name, ror: institute.ror },
    role: position === 0 ? 'contact person' : rnd.pick(['analyst', 'analyst', 'reviewer', 'convener']),
    identifiers: [
      { identifier: `INSPIRE-${rnd.digits(8)}`, scheme: 'INSPIRE' },
      { identifier: `${givenname[0]}.${familyName.replace(/\s+/g, '.')}.${rnd.int(1, 4)}`, scheme: 'BAI' },
      { identifier: orcid, scheme: 'ORCID' },
    ],
  };
}

/** An ORCID iD made of 15 digits and their ISO 7064 check character. */
function orcidOf(digits: string): string {
  const full = digits + mod11_2CheckCharacter(digits);
  return full.match(/.{4}/g)!.join('-');
}

function physicsObject(rnd: SeededRandom, eras: readonly (typeof ERAS)[number][]): Record<string, unknown> {
  const object = rnd.pick(OBJECTS);
  const cut = object.eta ? { pT: object.pT, eta: object.eta } : { pT: object.pT };
  const charged = object.physics_object === 'electron' || object.physics_object === 'muon' || object.physics_object === 'tau';
  return {
    physics_object: object.physics_object,
    count: rnd.int(1, 4),
    definition: object.definition,
    cuts: [cut],
    transverse_energy: object.pT,
    ...(charged ? { charge: rnd.pick([-1, 1]) } : {}),
    trigger: rnd.times(rnd.int(1, 3), () => ({
      name: `${rnd.pick(TRIGGERS)}_v${rnd.int(1, 15)}`,
      run_period: rnd.times(rnd.int(1, 4), () => runPeriod(rnd, rnd.pick(eras))),
      efficiency: Math.round(rnd.next() * 200 + 800) / 1000,
      prescale: rnd.chance(0.8) ? 1 : rnd.int(2, 500),
    })),
    ...(rnd.chance(0.4)
      ? { veto: [{ physics_object: rnd.pick(OBJECTS).physics_object, definition: 'Loose identification', cuts: [{ pT: '>10 GeV' }] }] }
      : {}),
  };
}

function runPeriod(rnd: SeededRandom, era: (typeof ERAS)[number]): Record<string, unknown> {
  const start = rnd.int(era.firstRun, era.lastRun);
  return { start_run: start, end_run: Math.min(era.lastRun, start + rnd.int(0, 2000)), era: era.era };
}

function dataset(rnd: SeededRandom, era: (typeof ERAS)[number]): Record<string, unknown> {
  const simulated = rnd.chance(0.4);
  const title = simulated
    ? `/${rnd.pick(MC_PROCESSES)}/RunIISummer20UL${era.year - 2000}MiniAODv2-106X_mc${era.year}_realistic_v${rnd.int(6, 11)}-v${rnd.int(1, 3)}/MINIAODSIM`
    : `/${rnd.pick(PRIMARY_DATASETS)}/${era.era}-${era.reco}/${era.tier}`;
  const nfiles = rnd.int(50, 12000);
  const release = era.year + rnd.int(2, 8);
  return {
    '@type': 'dcat:Dataset',
    title,
    description: `${simulated ? 'Simulated' : 'Collision'} data in ${era.tier} format from ${era.era}`,
    type: simulated ? 'mc' : 'data',
    year: era.year,
    licence: 'CC0 waiver',
    persistent_identifiers: [{ identifier: `10.7483/OPENDATA.CMS.${rnd.chars(UPPER_ALNUM, 4)}.${rnd.chars(UPPER_ALNUM, 4)}`, scheme: 'DOI' }],
    issued: `${release}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
    available: String(release),
    ...(simulated ? {} : { run_number: rnd.int(era.firstRun, era.lastRun) }),
    dataset_id: rnd.int(100000, 99999999),
    nevents: nfiles * rnd.int(2000, 40000),
    nlumis: rnd.int(1000, 200000),
    nfiles,
    nblocks: Math.ceil(nfiles / rnd.int(20, 100)),
    extend: nfiles * rnd.int(500_000_000, 4_000_000_000),
  };
}

function processingStep(rnd: SeededRandom, cadiId: string, step: number): Record<string, unknown> {
  const release = rnd.pick(RELEASES);
  const repo = `https://gitlab.cern.ch/cms-${cadiId.slice(0, 3).toLowerCase()}/${cadiId.toLowerCase()}`;
  return {
    name: ['skimming', 'ntuple production', 'statistical analysis'][step] ?? `step ${step + 1}`,
    input_data: rnd.times(rnd.int(1, 3), (i) => ({ filename: `file_index_${i}.txt`, url: `${repo}/-/raw/master/inputs/file_index_${i}.txt` })),
    os: [{ name: release.os, version: release.osVersion }],
    software: [
      { name: 'CMSSW', version: release.version, global_tag: release.global_tag },
      ...(rnd.chance(0.5) ? [{ name: 'ROOT', version: rnd.pick(['5.34/36', '6.14/09', '6.24/08', '6.30/04']) }] : []),
    ],
    user_code: [{ url: repo, tag: `v${rnd.int(0, 3)}.${rnd.int(0, 9)}.${rnd.int(0, 9)}` }],
    run_instructions: [{ type: 'readme.rst', url: `${repo}/-/blob/master/README.rst` }],
    output_data: `root://eoscms.cern.ch//eos/cms/store/group/phys_${cadiId.slice(0, 3).toLowerCase()}/${cadiId}/step${step}/`,
    comments: `Step ${step + 1} of the analysis workflow`,
  };
}

function publication(rnd: SeededRandom, yy: number): Record<string, unknown> {
  const journal = rnd.pick(JOURNALS);
  const year = 2000 + Math.min(yy + rnd.int(1, 2), 25);
  const volume = String(rnd.int(80, 130));
  const page = String(rnd.int(1, 999999));
  const month = String(rnd.int(1, 12)).padStart(2, '0');
  const arxivNumber = year - 1 >= 2015 ? rnd.digits(5) : rnd.digits(4);
  return {
    title: rnd.pick(TOPICS),
    status: 'published',
    persistent_identifiers: [
      { identifier: `${journal.doiPrefix}.${volume}.${page}`, scheme: 'DOI' },
      { identifier: `${String(year - 1 - 2000).padStart(2, '0')}${month}.${arxivNumber}`, scheme: 'arXiv' },
    ],
    journal_title: journal.title,
    journal_year: year,
    journal_volume: volume,
    journal_issue: String(rnd.int(1, 24)),
    journal_page: page,
  };
}
