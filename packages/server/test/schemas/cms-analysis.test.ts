import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldError } from '../../src/errors/capsule-error.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

const example = JSON.parse(fs.readFileSync(new URL('../fixtures/cms-analysis-example.json', import.meta.url), 'utf8')) as Record<string, any>;
const cmsAnalysis = { name: 'cms-analysis', version: '1.0.0', kind: 'collection' as const };

/** A deep copy of the example with one change. */
function variant(change: (doc: Record<string, any>) => void): Record<string, any> {
  const doc = structuredClone(example);
  change(doc);
  return doc;
}

const paths = (errors: FieldError[]) => errors.map((e) => e.field);

describe.each(testDatabases)('cms-analysis schema ($dialect)', (database) => {
  let instance: TestInstance;
  const validate = (doc: unknown, mode: 'draft' | 'full') => instance.capsule.schemas.validate(cmsAnalysis, doc, mode);

  beforeAll(async () => {
    instance = await startTestInstance(database);
  });
  afterAll(() => instance?.close());

  it('accepts the example record as a draft and as a published record', async () => {
    expect(await validate(example, 'draft')).toEqual([]);
    expect(await validate(example, 'full')).toEqual([]);
  });

  it('keeps a size beyond 2^31 as an integer', async () => {
    expect(example.input_datasets[0].extend).toBeGreaterThan(2 ** 31);
    expect(await validate(variant((d) => (d.input_datasets[0].extend = 3208262517610.5)), 'full')).toEqual([
      { field: ['input_datasets', 0, 'extend'], message: 'must be integer' },
    ]);
  });

  for (const mode of ['draft', 'full'] as const) {
    it(`names the field of a string run number (${mode})`, async () => {
      const errors = await validate(variant((d) => (d.input_datasets[0].run_number = '146242')), mode);
      expect(errors).toEqual([{ field: ['input_datasets', 0, 'run_number'], message: 'must be integer' }]);
    });

    it(`names an ORCID with a wrong check digit, as a field and as an identifier (${mode})`, async () => {
      const doc = variant((d) => {
        d.researchers[0].orcid = '0000-0002-1825-0098';
        d.researchers[0].identifiers.push({ identifier: '0000-0002-1825-0098', scheme: 'ORCID' });
      });
      const errors = await validate(doc, mode);
      expect(paths(errors)).toEqual([
        ['researchers', 0, 'orcid'],
        ['researchers', 0, 'identifiers', 2, 'identifier'],
        // the if/then that chose the ORCID format reports its failure on the identifier object
        ['researchers', 0, 'identifiers', 2],
      ]);
      expect(errors[1]!.message).toBe('must match format "orcid"');
    });
  }

  it('checks each identifier against its own scheme', async () => {
    const swapped = variant((d) => {
      d.researchers[0].identifiers[0].scheme = 'BAI';
      d.researchers[0].identifiers[1].scheme = 'INSPIRE';
    });
    const errors = await validate(swapped, 'full');
    expect(paths(errors).filter((p) => p.length === 5)).toEqual([
      ['researchers', 0, 'identifiers', 0, 'identifier'],
      ['researchers', 0, 'identifiers', 1, 'identifier'],
    ]);
    const arxivAsDoi = variant((d) => (d.publication[0].persistent_identifiers[1].scheme = 'DOI'));
    expect(paths(await validate(arxivAsDoi, 'full'))).toContainEqual(['publication', 0, 'persistent_identifiers', 1, 'identifier']);
  });

  it('refuses structure where the data has structure', async () => {
    const cases: [(d: Record<string, any>) => void, (string | number)[]][] = [
      [(d) => (d.physics_objects[0].cuts = 'eta ECAL, pT > 20 GeV'), ['physics_objects', 0, 'cuts']],
      [(d) => (d.physics_objects[0].trigger[0].run_period[0].start_run = '160501'), ['physics_objects', 0, 'trigger', 0, 'run_period', 0, 'start_run']],
      [(d) => (d.physics_objects[0].veto[0].physics_object = 'elektron'), ['physics_objects', 0, 'veto', 0, 'physics_object']],
      [(d) => (d.AOD_processing[0].software[0] = 'CMSSW_5_2_5'), ['AOD_processing', 0, 'software', 0]],
      [(d) => (d.publication[0].journal_year = '2013'), ['publication', 0, 'journal_year']],
      [(d) => (d.input_datasets[0].type = 'simulation'), ['input_datasets', 0, 'type']],
      [(d) => (d.input_datasets[0].available = '14'), ['input_datasets', 0, 'available']],
      [(d) => (d.input_datasets[0].nevnts = 1), ['input_datasets', 0, 'nevnts']],
      [(d) => (d.experiment = 'ATLAS'), ['experiment']],
      [(d) => (d.cadi_id = 'EXO-16'), ['cadi_id']],
    ];
    for (const [change, field] of cases) {
      expect(paths(await validate(variant(change), 'full'))).toEqual([field]);
    }
  });

  it('lets an unfinished draft through and refuses it at publication, naming each required field', async () => {
    const draft = { researchers: [{ givenname: 'Ellis', identifiers: [{ identifier: 'J.R.Ellis.1' }] }], physics_objects: [{ count: 2 }] };
    expect(await validate(draft, 'draft')).toEqual([]);
    const errors = await validate(draft, 'full');
    expect(paths(errors).sort()).toEqual(
      [
        ['experiment'],
        ['analysis_title'],
        ['researchers', 0, 'family_name'],
        ['researchers', 0, 'identifiers', 0, 'scheme'],
        ['physics_objects', 0, 'physics_object'],
      ].sort(),
    );
    expect(errors.every((e) => e.message === 'This field is required.')).toBe(true);
  });

  it('needs at least one researcher to publish, but not to save a draft', async () => {
    const noone = variant((d) => (d.researchers = []));
    expect(await validate(noone, 'draft')).toEqual([]);
    expect(paths(await validate(noone, 'full'))).toEqual([['researchers']]);
  });
});
