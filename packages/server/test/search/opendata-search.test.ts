import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS } from '../../src/search/query-syntax.js';
import { searchDocumentOf } from '../../src/search/search-document.js';
import { tokenize } from '../../src/search/text-tokens.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { loadOpenData, OPEN_DATA, type OpenDataRecord } from './corpus.js';

/** The words each fixture record is searchable by, per weighted part, computed without the database. */
const schemaConfig = { name: 'opendata-record', version: '1.0.0', experiment: 'CERN Open Data', config: {} as Record<string, unknown> };
let WORDS: string[][][] = [];

const hasPhrase = (parts: string[][], phrase: string[]) =>
  parts.some((words) => words.some((_, i) => phrase.every((p, j) => words[i + j] === p)));
const hasPrefix = (parts: string[][], prefix: string) => parts.some((words) => words.some((w) => w.startsWith(prefix)));
const count = (pass: (r: OpenDataRecord, i: number) => boolean) => OPEN_DATA.filter(pass).length;
const phraseCount = (text: string) => count((_, i) => hasPhrase(WORDS[i]!, tokenize(text)));

describe.each(testDatabases)('search over the open data corpus ($dialect)', (database) => {
  let instance: TestInstance;
  let anonymous: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    schemaConfig.config = (await instance.capsule.schemas.get('opendata-record')).config;
    WORDS = OPEN_DATA.map((r) => {
      const d = searchDocumentOf(schemaConfig, 'published', r);
      return [d.title, d.ids, d.abstract, d.body].map((t) => t.split(' '));
    });
    await loadOpenData(instance.capsule);
    anonymous = client(instance.app);
  }, 300_000);
  afterAll(() => instance?.close());

  const search = async (params: Record<string, string>) => {
    const res = await anonymous.get(`/api/records/?${new URLSearchParams(params)}`);
    expect(res.status, res.text).toBe(200);
    return res.body as { hits: { hits: { metadata: OpenDataRecord }[]; total: number }; aggregations: Record<string, { buckets: { key: string; doc_count: number }[] }>; links: Record<string, string> };
  };
  const total = async (q: string) => (await search({ q, size: '1' })).hits.total;

  it('counts records per experiment exactly as the fixture files do', async () => {
    const expected = new Map<string, number>();
    for (const r of OPEN_DATA) for (const e of new Set(r.experiment)) expected.set(e, (expected.get(e) ?? 0) + 1);
    const body = await search({});
    expect(body.hits.total).toBe(OPEN_DATA.length);
    expect(new Map(body.aggregations.experiment!.buckets.map((b) => [b.key, b.doc_count]))).toEqual(expected);
    expect(body.aggregations.collection!.buckets).toEqual([{ key: 'opendata-record', doc_count: OPEN_DATA.length }]);
    expect(body.aggregations.version!.buckets).toEqual([{ key: 'opendata-record@1.0.0', doc_count: OPEN_DATA.length }]);
    expect(await total('version:opendata-record@1.0.0')).toBe(OPEN_DATA.length);
  });

  it('finds the record of a DOI, of a dataset path and of a trigger name', async () => {
    const doi = await search({ q: '10.7483/OPENDATA.CMS.B8MR.C4A2' });
    expect(doi.hits.hits[0]!.metadata.recid).toBe('14');
    expect((await search({ q: 'doi:10.7483/OPENDATA.CMS.B8MR.C4A2' })).hits.hits.map((h) => h.metadata.recid)).toEqual(['14']);
    const path = await search({ q: '/Mu/Run2010B-Apr21ReReco-v1/AOD' });
    expect(path.hits.hits[0]!.metadata.title).toBe('/Mu/Run2010B-Apr21ReReco-v1/AOD');
    expect(path.hits.total).toBe(phraseCount('/Mu/Run2010B-Apr21ReReco-v1/AOD'));
    const trigger = await search({ q: 'HLT_Mu9', size: '100' });
    expect(trigger.hits.hits.map((h) => h.metadata.recid)).toContain('14');
    expect(trigger.hits.total).toBe(phraseCount('HLT_Mu9'));
  });

  it('matches a phrase only where its words are adjacent, and free words anywhere', async () => {
    const words = count((_, i) => tokenize('collision data').every((w) => hasPhrase(WORDS[i]!, [w])));
    const phrase = phraseCount('collision data');
    expect(phrase).toBeGreaterThan(0);
    expect(words).toBeGreaterThan(phrase);
    expect(await total('collision data')).toBe(words);
    expect(await total('"collision data"')).toBe(phrase);
  });

  it('honours NOT, -term and OR', async () => {
    const has = (i: number, w: string) => hasPhrase(WORDS[i]!, [w]);
    const muonNotElectron = count((_, i) => has(i, 'muon') && !has(i, 'electron'));
    expect(muonNotElectron).toBeGreaterThan(0);
    expect(await total('muon NOT electron')).toBe(muonNotElectron);
    expect(await total('muon -electron')).toBe(muonNotElectron);
    expect(await total('jade OR opera')).toBe(count((_, i) => has(i, 'jade') || has(i, 'opera')));
    expect(await total('(jade OR opera) AND NOT experiment:opera')).toBe(count((r, i) => (has(i, 'jade') || has(i, 'opera')) && !r.experiment.includes('OPERA')));
  });

  it('searches ranges of numbers and field values', async () => {
    const years = (r: OpenDataRecord) => ((r.date_created as string[] | undefined) ?? []).map(Number);
    const inRange = count((r) => years(r).some((y) => y >= 2010 && y <= 2012));
    expect(inRange).toBeGreaterThan(0);
    expect(await total('year:[2010 TO 2012]')).toBe(inRange);
    expect(await total('year:{2010 TO 2012}')).toBe(count((r) => years(r).some((y) => y > 2010 && y < 2012)));
    expect(await total('year:>2015')).toBe(count((r) => years(r).some((y) => y > 2015)));
    expect(await total('year:[2016 TO *]')).toBe(count((r) => years(r).some((y) => y >= 2016)));
    expect(await total('experiment:cms')).toBe(count((r) => r.experiment.includes('CMS')));
    expect(await total('doi:*')).toBe(count((r) => typeof r.doi === 'string' && r.doi.trim() !== ''));
    expect(await total('created:>2000-01-01')).toBe(OPEN_DATA.length);
    expect(await total('created:<2000-01-01')).toBe(0);
  });

  it('expands a trailing wildcard to every word with that prefix', async () => {
    const expected = count((_, i) => hasPrefix(WORDS[i]!, 'higg'));
    expect(expected).toBeGreaterThan(await total('higgs'));
    expect(await total('higg*')).toBe(expected);
    expect(await total('title:dimu*')).toBe(count((_, i) => WORDS[i]![0]!.some((w) => w.startsWith('dimu'))));
  });

  it('narrows by facets; a facet selection does not narrow its own counts', async () => {
    const body = await search({ q: 'muon', experiment: 'ATLAS', collection: 'opendata-record' });
    const muon = (r: OpenDataRecord, i: number) => hasPhrase(WORDS[i]!, ['muon']);
    expect(body.hits.total).toBe(count((r, i) => muon(r, i) && r.experiment.includes('ATLAS')));
    const perExperiment = new Map<string, number>();
    OPEN_DATA.forEach((r, i) => {
      if (muon(r, i)) for (const e of new Set(r.experiment)) perExperiment.set(e, (perExperiment.get(e) ?? 0) + 1);
    });
    expect(new Map(body.aggregations.experiment!.buckets.map((b) => [b.key, b.doc_count]))).toEqual(perExperiment);
    const types = new Map<string, number>();
    OPEN_DATA.forEach((r, i) => {
      const type = (r.type as { primary: string }).primary;
      if (muon(r, i) && r.experiment.includes('ATLAS')) types.set(type, (types.get(type) ?? 0) + 1);
    });
    expect(new Map(body.aggregations.type!.buckets.map((b) => [b.key, b.doc_count]))).toEqual(types);
  });

  it('sorts by a field both ways, and follows links.next with a cursor to the same pages as page numbers', async () => {
    const titles = OPEN_DATA.map((r) => r.title.trim().toLowerCase()).sort();
    const ascending = await search({ sort: 'title', size: '5' });
    expect(ascending.hits.hits.map((h) => h.metadata.title.trim().toLowerCase())).toEqual(titles.slice(0, 5));
    const descending = await search({ sort: '-title', size: '5' });
    expect(descending.hits.hits.map((h) => h.metadata.title.trim().toLowerCase())).toEqual(titles.slice(-5).reverse());
    let next = (await search({ q: 'cms', sort: 'title', size: '7' })).links.next!;
    for (let page = 2; page <= 4; page++) {
      expect(new URL(next).searchParams.get('after')).toBeTruthy();
      const followed = await anonymous.get(next.replace('http://capsule.test', ''));
      const numbered = await search({ q: 'cms', sort: 'title', size: '7', page: String(page) });
      expect(followed.body.hits.hits.map((h: { id: string }) => h.id)).toEqual(numbered.hits.hits.map((h) => (h as unknown as { id: string }).id));
      next = followed.body.links.next;
    }
    const latest = (r: OpenDataRecord) => Math.max(...((r.date_created as string[] | undefined) ?? []).map(Number).filter(Number.isFinite));
    const newest = OPEN_DATA.map(latest).filter(Number.isFinite).sort((a, b) => b - a);
    const after = new URL(next).searchParams.get('after')!;
    expect((await anonymous.get(`/api/records/?sort=-title&after=${after}`)).body.message).toContain('cursor of another sort');
    expect((await anonymous.get('/api/records/?after=garbage')).status).toBe(400);
    // A document id no row can have (PostgreSQL refuses to compare its integer column with it).
    const [sort, key] = JSON.parse(Buffer.from(after, 'base64url').toString()) as [string, string];
    const outOfRange = await anonymous.get(`/api/records/?sort=title&after=${Buffer.from(JSON.stringify([sort, key, 2 ** 40])).toString('base64url')}`);
    expect(outOfRange.status, outOfRange.text).toBe(400);
    expect(outOfRange.body.errors[0].field).toEqual(['after']);
    const years = await search({ q: 'year:*', sort: '-year', size: '20' });
    expect(years.hits.hits.map((h) => latest(h.metadata))).toEqual(newest.slice(0, 20));
  });

  it('sorts by a field with the records that have no value of it last, both ways, on the pages across that boundary too', async () => {
    const years = (r: OpenDataRecord) => ((r.date_created as string[] | undefined) ?? []).map(Number).filter(Number.isFinite);
    const keyOf = (descending: boolean) => (r: OpenDataRecord) => {
      const ys = years(r);
      return ys.length === 0 ? null : descending ? Math.max(...ys) : Math.min(...ys);
    };
    const matching = OPEN_DATA.filter((_, i) => hasPhrase(WORDS[i]!, ['cms']));
    for (const descending of [false, true]) {
      const keys = matching.map(keyOf(descending));
      const keyed = keys.filter((k): k is number => k !== null).sort((a, b) => (descending ? b - a : a - b));
      const expected = [...keyed, ...keys.filter((k) => k === null)];
      const size = 10;
      expect(keyed.length % size).toBeGreaterThan(0);
      expect(expected.length - keyed.length).toBeGreaterThan(2 * size);
      // The first page, the page where the keys end, and a page of records without a key only.
      const boundary = Math.ceil(keyed.length / size);
      for (const page of [1, boundary, boundary + 1]) {
        const body = await search({ q: 'cms', sort: descending ? '-year' : 'year', size: String(size), page: String(page) });
        expect(body.hits.total).toBe(matching.length);
        expect(body.hits.hits.map((h) => keyOf(descending)(h.metadata))).toEqual(expected.slice((page - 1) * size, page * size));
      }
    }
  });

  it('pages deep, up to 100 per page', async () => {
    const deep = await search({ page: '500', size: '10' });
    expect(deep.hits.hits).toHaveLength(10);
    expect(deep.links.prev).toContain('page=499');
    expect((await anonymous.get('/api/records/?size=101')).status).toBe(400);
  });

  it(`answers queries of ${MAX_QUERY_TERMS} words, negations or groups, and one term more with 400, never 500`, async () => {
    const terms = (each: (i: number) => string, n = MAX_QUERY_TERMS) => Array.from({ length: n }, (_, i) => each(i));
    for (const q of [
      terms((i) => `w${i}`).join(' OR '),
      terms((i) => `-year:${i}`).join(' '),
      ['cms', ...terms((i) => `-w${i}`, MAX_QUERY_TERMS - 1)].join(' '),
      terms((i) => (i % 2 ? `NOT (w${i} -x${i})` : `w${i}`), Math.floor((MAX_QUERY_TERMS * 2) / 3)).join(' AND '),
      terms((i) => `NOT created:${2000 + (i % 20)}`).join(' AND '),
      terms((i) => `(cms OR run${i})`, MAX_QUERY_TERMS / 2).join(' '),
    ]) {
      expect((await anonymous.get(`/api/records/?${new URLSearchParams({ q, size: '1' })}`)).status, q.slice(0, 40)).toBe(200);
    }
    const res = await anonymous.get(`/api/records/?${new URLSearchParams({ q: `${terms(() => 'a', MAX_QUERY_TERMS + 1).join(' ')} ` })}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toEqual(['q']);
    expect(res.body.message).toContain(`at most ${MAX_QUERY_TERMS} terms`);
  });

  it('finds no record of a user id no account can have', async () => {
    expect(await total('created_by:999999999999')).toBe(0);
  });

  it.each(['"unbalanced', 'AND', 'title:', 'muon AND', '(muon', 'nosuchfield:x', 'year:abc', 'sort'])('answers a malformed query %j with 400 and where, never 500', async (q) => {
    const res = await anonymous.get(`/api/records/?${new URLSearchParams({ q, ...(q === 'sort' ? { sort: 'nosuchsort' } : {}) })}`);
    expect(res.status).toBe(400);
    expect(res.body.status).toBe(400);
    expect(res.body.message).toMatch(q === 'sort' ? /Unknown sort "nosuchsort"/ : /at column \d+/);
    if (q === 'nosuchfield:x') expect(res.body.message).toContain('nosuchfield');
  });
});
