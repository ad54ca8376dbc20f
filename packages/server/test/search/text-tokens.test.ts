import { describe, expect, it } from 'vitest';
import { indexText, tokenize } from '../../src/search/text-tokens.js';

/** Texts whose separators come in every arrangement: leading, trailing, single spaces, runs that start with a space or not. */
const TEXTS = [
  'Higgs boson',
  '  Higgs  boson  ',
  ' , Higgs , boson. ',
  'a, b ,c ; d\t\te\nf',
  '10.7483/OPENDATA.CMS.B8MR.C4A2',
  '/Mu/Run2010B-Apr21ReReco-v1/AOD',
  'HLT_Mu9 and HLT_Mu15_v1',
  '<p>Tagged <a href="http://x.org/a b">text</a></p>',
  'Ésta  é  Größe, naïve café — ŁÓDŹ',
  ' — Ésta, ',
  '',
  ' ',
  '...',
];

describe('indexText', () => {
  it('gives the words tokenize gives, separated by single spaces', () => {
    for (const text of TEXTS) expect(indexText(text), JSON.stringify(text)).toBe(tokenize(text).join(' '));
  });

  it('keeps letters and digits, lowercased and without accents, and nothing else', () => {
    expect(indexText(' , Higgs , boson. ')).toBe('higgs boson');
    expect(indexText('10.7483/OPENDATA.CMS.B8MR.C4A2')).toBe('10 7483 opendata cms b8mr c4a2');
    expect(indexText(' — Ésta  Größe, ')).toBe('esta große');
    expect(indexText('<p>Tagged <b>text</b></p>')).toBe('tagged text');
  });
});
