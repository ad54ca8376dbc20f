import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared fixtures beside the repository: <repo>/../shared/fixtures. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/fixtures');

export const fixturePath = (...parts: string[]) => path.join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]) => fs.readFileSync(fixturePath(...parts), 'utf8');

/** Every MARCXML fixture file, relative to the marc/marcxml folder. */
export function marcXmlFixtureFiles(): string[] {
  const dir = fixturePath('marc', 'marcxml');
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xml'))
    .sort();
}

export const readMarcXmlFixture = (file: string) => readFixture('marc', 'marcxml', file);

export const DEMO_FILE = 'invenio-legacy-demo-cds-11records.xml';
/** Demo record 85 is the 9th record of the demo extract (0-based index 84 of the original). */
export const DEMO_RECORD_85_INDEX = 8;
