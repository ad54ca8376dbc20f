/** The CERN Open Data portal's record files, the corpus the import, search and validation benchmarks share. */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportItem } from '../packages/server/src/records/import-records.js';

/** The record files (JSON arrays of records), in name order. */
export const OPEN_DATA_FILES = (() => {
  const dir = path.resolve(import.meta.dirname, '../../shared/fixtures/opendata/records');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
})();

/** Every record of the files, named `<file>#<index>` as `capsule import` names them. */
export function openDataItems(): ImportItem[] {
  return OPEN_DATA_FILES.flatMap((f) => (JSON.parse(fs.readFileSync(f, 'utf8')) as unknown[]).map((metadata, i) => ({ source: `${path.basename(f)}#${i}`, metadata })));
}
