import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifierFormats } from '../../src/schemas/formats/index.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

/** Real identifiers (and near misses) per format. */
const vectors: Record<string, { valid: string[]; invalid: string[] }> = {
  doi: {
    valid: ['10.7483/OPENDATA.CMS.B8MR.C4A2', '10.1103/PhysRevLett.111.196401', '10.1016/j.physletb.2012.08.021', '10.1000.10/xyz'],
    invalid: ['', '10.123/abc', '11.1103/PhysRevLett.111.196401', '10.1103/', '10.1103/Phys Rev', 'doi:10.1103/PhysRevLett.111.196401'],
  },
  arxiv: {
    valid: ['hep-ph/0101001', 'math.GT/0309136', 'hep-th/9711200', '1509.05996', '1509.05996v2', '0704.0001', '1309.2778', 'arXiv:1207.7214', 'arXiv:hep-ex/0201010v1'],
    invalid: ['', '1509.0599', '1309.27789', '0703.0001', '1513.05996', '1509.05996v', 'hep-ph/0113001', 'hep-ph/0801001', 'HEP-PH/0101001', 'arxiv:1509.05996', '1509-05996'],
  },
  orcid: {
    valid: ['0000-0002-1825-0097', '0000-0001-5109-3700', '0000-0002-1694-233X', '0000-0001-6286-120X', '0000-0001-6589-8286', 'https://orcid.org/0000-0002-1825-0097'],
    invalid: ['', '0000-0002-1825-0098', '0000-0002-1694-2330', '0000-0001-6286-1209', '0000000218250097', '0000-0002-1825-009', 'http://example.org/0000-0002-1825-0097', '0000-0002-1825-009x'],
  },
  'inspire-id': {
    valid: ['INSPIRE-00146525', 'INSPIRE-00000449', 'INSPIRE-00165402'],
    invalid: ['', 'INSPIRE-0019169', 'INSPIRE-737341', 'INSPIRE-00206881O', 'INSPIRE-00329280 ', 'inspire-00146525', 'None'],
  },
  'inspire-bai': {
    valid: ['J.R.Ellis.1', 'E.Witten.1', 'J.M.Maldacena.1', 'F.Gianotti.2', "G.D'Ambrosio.1", 'A.Martínez.Pérez.3'],
    invalid: ['', 'J.R.Ellis', 'J.R.Ellis.0', 'J.R.Ellis.', '.Ellis.1', 'J R Ellis.1', 'INSPIRE-00146525'],
  },
  ror: {
    valid: ['01ggx4157', '05a28rw58', '03vek6s52', '052gg0110', '01x2x1522', '01nrxwf90', 'https://ror.org/01ggx4157'],
    invalid: ['', '01ggx4158', '05a28rw59', '11ggx4157', '01ggx415', '01ggi4157', '01GGX4157', 'http://ror.org/01ggx4157'],
  },
  'cadi-id': {
    valid: ['CMS-ANA-2012-049', 'EXO-16-001', 'HIG-19-001', 'B2G-17-009', 'SMP-20-005', 'CMS-PAS-TOP-18-004'],
    invalid: ['', 'exo-16-001', 'EXO-16', 'EXO-16-01', 'EXO-2016-1', 'EXO16001', 'CMS-EXO-16-001-v2', 'AN2010/264'],
  },
};

describe('identifier formats', () => {
  it('has vectors for every format and a format for every vector', () => {
    expect(Object.keys(identifierFormats).sort()).toEqual(Object.keys(vectors).sort());
  });

  for (const [name, { valid, invalid }] of Object.entries(vectors)) {
    it(`${name}: accepts real identifiers`, () => {
      for (const v of valid) expect([v, identifierFormats[name]!(v)]).toEqual([v, true]);
    });
    it(`${name}: refuses malformed ones`, () => {
      for (const v of invalid) expect([v, identifierFormats[name]!(v)]).toEqual([v, false]);
    });
  }
});

describe.each(testDatabases)('identifier formats in a registered schema ($dialect)', (database) => {
  let instance: TestInstance;
  const probe = { name: 'format-probe', version: '1.0.0', kind: 'collection' as const };

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await instance.capsule.schemas.add({
      ...probe,
      deposit_schema: {
        type: 'object',
        properties: Object.fromEntries(Object.keys(vectors).map((name) => [name, { type: 'array', items: { type: 'string', format: name } }])),
      },
    });
  });
  afterAll(() => instance?.close());

  for (const mode of ['draft', 'full'] as const) {
    it(`enforces every format (${mode})`, async () => {
      const valid = Object.fromEntries(Object.entries(vectors).map(([name, v]) => [name, v.valid]));
      expect(await instance.capsule.schemas.validate(probe, valid, mode)).toEqual([]);
      const invalid = Object.fromEntries(Object.entries(vectors).map(([name, v]) => [name, v.invalid]));
      const errors = await instance.capsule.schemas.validate(probe, invalid, mode);
      const expected = Object.entries(vectors).flatMap(([name, v]) => v.invalid.map((_, i) => [name, i]));
      expect(errors.map((e) => e.field).sort()).toEqual(expected.sort());
      expect(errors.every((e) => e.message.startsWith('must match format'))).toBe(true);
    });
  }
});
