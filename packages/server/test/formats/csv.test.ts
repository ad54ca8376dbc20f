import { describe, expect, it } from 'vitest';
import { csvCell, serializeCsv } from '../../src/formats/csv.js';
import { openDataFiles, openDataItem } from './fixtures.js';

/** A minimal RFC 4180 reader, to check that what was written reads back. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

describe('CSV export of search results', () => {
  it('writes one line per record that reads back cell for cell', () => {
    const records = openDataFiles('samples').flatMap((f) => f.records);
    const rows = readCsv(serializeCsv(records.map(openDataItem)));
    expect(rows[0]).toEqual(['id', 'recid', 'schema', 'title', 'creators', 'dois', 'date_published', 'keywords', 'files', 'created', 'updated', 'url']);
    expect(rows.length).toBe(records.length + 1);
    const mu = rows.find((r) => r[1] === '14')!;
    expect(mu[3]).toBe('/Mu/Run2010B-Apr21ReReco-v1/AOD');
    expect(mu[4]).toBe('CMS collaboration');
    expect(mu[5]).toBe('10.7483/OPENDATA.CMS.B8MR.C4A2');
    expect(Number(mu[8])).toBe((records.find((r) => r.recid === '14')!.files as unknown[]).length);
  });

  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('plain')).toBe('plain');
  });
});
