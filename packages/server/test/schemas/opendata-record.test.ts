import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldError } from '../../src/errors/capsule-error.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

const RECORDS_DIR = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/opendata/records');
const opendataRecord = { name: 'opendata-record', version: '1.0.0', kind: 'collection' as const };

function readRecords(): Record<string, any>[] {
  return fs
    .readdirSync(RECORDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(RECORDS_DIR, f), 'utf8')) as Record<string, any>[]);
}

describe.each(testDatabases)('opendata-record schema ($dialect)', (database) => {
  let instance: TestInstance;
  let records: Record<string, any>[];

  beforeAll(async () => {
    instance = await startTestInstance(database);
    records = readRecords();
  });
  afterAll(() => instance?.close());

  it('accepts every record of the CERN Open Data portal fixtures as a published record', async () => {
    const validate = await instance.capsule.schemas.validator(opendataRecord, 'full');
    const failures: { recid: string; errors: FieldError[] }[] = [];
    for (const record of records) {
      const errors = validate(record);
      if (errors.length) failures.push({ recid: record.recid, errors });
    }
    expect(records).toHaveLength(8444);
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('types what is structured: sizes, checksums, file URIs, record ids, identifiers', async () => {
    const validate = await instance.capsule.schemas.validator(opendataRecord, 'full');
    const withFiles = records.find((r) => r.files?.length && r.distribution && r.authors?.some((a: any) => a.orcid))!;
    const orcidAt = withFiles.authors.findIndex((a: any) => a.orcid);
    const broken = structuredClone(withFiles);
    broken.recid = Number(broken.recid);
    broken.files[0].size = String(broken.files[0].size);
    broken.files[0].checksum = 'd880482c';
    broken.files[0].uri = 'eospublic.cern.ch//eos/opendata/file.root';
    broken.distribution.size = -1;
    broken.authors[orcidAt].orcid = broken.authors[orcidAt].orcid.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'));
    broken.type = { secondary: ['Collision'] };
    expect(validate(broken).map((e) => e.field)).toEqual([
      ['recid'],
      ['type', 'primary'],
      ['authors', orcidAt, 'orcid'],
      ['distribution', 'size'],
      ['files', 0, 'uri'],
      ['files', 0, 'checksum'],
      ['files', 0, 'size'],
    ]);
  });
});
