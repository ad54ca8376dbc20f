import { describe, expect, it } from 'vitest';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { compileQuery } from '../../src/search/query-compiler.js';
import { parseQuery, type QueryNode } from '../../src/search/query-syntax.js';
import { fts5Match, tsquery } from '../../src/search/text-query.js';

const FIELDS = new Map([
  ['year', 'number'],
  ['cadi_id', 'keyword'],
  ['collection', 'keyword'],
] as const);

/** The full-text part of a query, as FTS5 and PostgreSQL receive it. */
function text(q: string): { fts5: string; tsquery: string } | null {
  const compiled = compileQuery(parseQuery(q), FIELDS, 'sqlite', 'published');
  return compiled.text && { fts5: fts5Match(compiled.text), tsquery: tsquery(compiled.text) };
}

function failure(q: string): CapsuleError {
  try {
    compileQuery(parseQuery(q), FIELDS, 'sqlite', 'published');
  } catch (e) {
    if (e instanceof CapsuleError) return e;
    throw e;
  }
  throw new Error(`${q} was accepted`);
}

describe('query syntax', () => {
  it('keeps a value that reads as a number as it was written', () => {
    const value = (q: string) => (parseQuery(q) as Extract<QueryNode, { kind: 'term' }>).value;
    expect(value('cadi_id:007')).toBe('007');
    expect(value('year:0010')).toBe('0010');
    expect(value('x:1.50')).toBe('1.50');
    expect(value('0010')).toBe('0010');
    expect(value('created:2010-01')).toBe('2010-01');
  });

  it('joins free words with AND, keeps phrases as phrases', () => {
    expect(text('higgs boson')).toEqual({ fts5: '("higgs" AND "boson")', tsquery: '(higgs & boson)' });
    expect(text('"higgs boson"')).toEqual({ fts5: '"higgs boson"', tsquery: 'higgs <-> boson' });
    expect(text('higgs OR boson')).toEqual({ fts5: '("higgs" OR "boson")', tsquery: '(higgs | boson)' });
  });

  it('takes what users paste as the words of a phrase: DOIs, dataset paths, trigger names', () => {
    expect(text('10.7483/OPENDATA.CMS.B8MR.C4A2')?.fts5).toBe('"10 7483 opendata cms b8mr c4a2"');
    expect(text('/Mu/Run2010B-Apr21ReReco-v1/AOD')?.tsquery).toBe('mu <-> run2010b <-> apr21rereco <-> v1 <-> aod');
    expect(text('HLT_Mu9')?.fts5).toBe('"hlt mu9"');
    expect(text('a.b@c+d:e')?.fts5).toBe('"a b c d e"');
  });

  it('makes a trailing * a prefix, and title: the title part', () => {
    expect(text('higg*')).toEqual({ fts5: '"higg"*', tsquery: 'higg:*' });
    expect(text('title:"top quark"')).toEqual({ fts5: 'title : "top quark"', tsquery: 'top:A <-> quark:A' });
    expect(text('title:higg*')?.tsquery).toBe('higg:*A');
  });

  it('keeps fields and ranges out of the full-text part, and negated words in it when other words are there to match', () => {
    const c = compileQuery(parseQuery('higgs -boson year:[2010 TO 2012] cadi_id:HIG-12-028 created:>2026-01-01'), FIELDS, 'sqlite', 'published');
    expect(c.text && fts5Match(c.text)).toBe('("higgs" NOT ("boson"))');
    expect(c.text && tsquery(c.text)).toBe('(higgs & !(boson))');
    expect(c.conditions).toHaveLength(4);
    // Negated words alone, or negated beside a field, have nothing to be left out of: a condition.
    expect(compileQuery(parseQuery('-boson'), FIELDS, 'sqlite', 'published')).toMatchObject({ text: null, conditions: [expect.any(Function)] });
    const mixed = compileQuery(parseQuery('higgs NOT (boson year:2012)'), FIELDS, 'sqlite', 'published');
    expect(mixed.text && fts5Match(mixed.text)).toBe('"higgs"');
    expect(mixed.conditions).toHaveLength(1);
  });

  it('rewrites open and date ranges into comparisons liqe understands', () => {
    const node = parseQuery('created:[2020-01-01 TO *]') as Extract<QueryNode, { kind: 'term' }>;
    expect(node).toMatchObject({ kind: 'term', field: 'created', op: '>=', value: '2020-01-01' });
    expect(parseQuery('year:{2010 TO 2012}')).toMatchObject({ kind: 'and', children: [{ op: '>', value: '2010' }, { op: '<', value: '2012' }] });
    expect(parseQuery('year:[* TO *]')).toMatchObject({ kind: 'term', field: 'year', value: '*' });
  });

  it.each([
    ['"unbalanced', 1, 'unbalanced quote'],
    ['AND', 3, 'ends where a term was expected'],
    ['higgs AND', 9, 'ends where a term was expected'],
    ['title:', 1, 'title: has no value'],
    ['(higgs', 1, 'unbalanced parenthesis'],
    ['higgs)', 6, 'unbalanced parenthesis'],
    ['a AND AND b', 10, 'unexpected space'],
    ['a:b:c', 1, 'unknown field "a"'],
    ['year:[2010 TO', 6, 'unclosed range'],
    ['nosuchfield:x', 1, 'unknown field "nosuchfield"'],
    ['year:abc', 1, 'is not a number'],
    ['created:2026-13-01', 1, 'not a valid date'],
    ['created:yesterday', 1, 'is not a date'],
    ['higgs title:>x', 7, 'ranges apply to number and date fields'],
    ['"%%%"', 1, 'no letters or digits'],
  ])('refuses %j at column %i: %s', (q, column, message) => {
    const e = failure(q);
    expect(e.code).toBe('bad_request');
    expect(e.message).toContain(message);
    expect(e.message).toContain(`(at column ${column})`);
    expect(e.errors).toEqual([{ field: ['q'], message: expect.stringContaining(message) }]);
  });

  it('matches everything for an empty query or a lone *', () => {
    expect(compileQuery(parseQuery(''), FIELDS, 'sqlite', 'published')).toEqual({ text: null, conditions: [] });
    expect(compileQuery(parseQuery('*'), FIELDS, 'postgres', 'published')).toEqual({ text: null, conditions: [] });
  });
});
