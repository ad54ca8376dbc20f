import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCmsAnalysis } from '../../src/synthetic/cms-analysis.js';
import { SeededRandom } from '../../src/synthetic/random.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

const cmsAnalysis = { name: 'cms-analysis', version: '1.0.0', kind: 'collection' as const };
const length = (record: Record<string, unknown>, key: string) => (record[key] as unknown[]).length;

describe('seeded random source', () => {
  it('repeats for a seed and differs between seeds and items', () => {
    const draw = (r: SeededRandom) => r.times(5, () => r.next());
    expect(draw(new SeededRandom(42))).toEqual(draw(new SeededRandom(42)));
    expect(draw(new SeededRandom(42))).not.toEqual(draw(new SeededRandom(43)));
    expect(draw(SeededRandom.forItem(1, 0))).not.toEqual(draw(SeededRandom.forItem(1, 1)));
    const r = new SeededRandom(7);
    const ints = r.times(2000, () => r.int(1, 6));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });
});

describe('generated cms-analysis records', () => {
  it('are the same for the same seed and index, and differ otherwise', () => {
    expect(generateCmsAnalysis(7, 3)).toEqual(generateCmsAnalysis(7, 3));
    expect(generateCmsAnalysis(7, 3)).not.toEqual(generateCmsAnalysis(7, 4));
    expect(generateCmsAnalysis(7, 3)).not.toEqual(generateCmsAnalysis(8, 3));
  });

  it('have the sizes of real analyses', () => {
    const records = Array.from({ length: 300 }, (_, i) => generateCmsAnalysis(1, i));
    const sizes = (key: string) => records.map((r) => length(r, key));
    expect(Math.min(...sizes('researchers'))).toBeGreaterThanOrEqual(2);
    expect([Math.min(...sizes('physics_objects')), Math.max(...sizes('physics_objects'))]).toEqual([2, 10]);
    expect([Math.min(...sizes('input_datasets')), Math.max(...sizes('input_datasets'))]).toEqual([1, 20]);
    expect(Math.min(...sizes('AOD_processing'))).toBeGreaterThanOrEqual(1);
    expect(records.some((r) => length(r, 'publication') > 0)).toBe(true);
    const objects = records.flatMap((r) => r.physics_objects as { trigger: { run_period: unknown[] }[] }[]);
    expect(objects.every((o) => o.trigger.length > 0 && o.trigger.every((t) => t.run_period.length > 0))).toBe(true);
  });
});

describe.each(testDatabases)('generated cms-analysis records under the schema ($dialect)', (database) => {
  let instance: TestInstance;
  beforeAll(async () => {
    instance = await startTestInstance(database);
  });
  afterAll(() => instance?.close());

  it('are valid published records', async () => {
    const validate = await instance.capsule.schemas.validator(cmsAnalysis, 'full');
    const invalid = [];
    for (let i = 0; i < 400; i++) {
      const errors = validate(generateCmsAnalysis(2024, i));
      if (errors.length) invalid.push({ i, errors });
    }
    expect(invalid.slice(0, 3)).toEqual([]);
  });
});
