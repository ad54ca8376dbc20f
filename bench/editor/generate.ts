/**
 * The benchmark's records: an analysis whose `items` array holds N objects of about twelve leaves (strings,
 * numbers, booleans, an enum, a nested object, small arrays), and a JSON Schema with enums, required,
 * patterns and formats. Seeded, so every editor and every run gets the same document.
 */

export const ITEM_KINDS = ['dataset', 'trigger', 'cut', 'software'] as const;

/** Identifier formats as regular expressions, for editors whose validators need them registered. */
export const benchFormats: Record<string, RegExp> = {
  doi: /^10\.\d{4,9}(?:\.\d+)*\/\S+$/,
  orcid: /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/,
};

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = ['muon', 'jet', 'tau', 'photon', 'electron', 'missing', 'energy', 'trigger', 'higgs', 'top', 'bottom', 'vertex', 'track', 'calo', 'cluster', 'pileup'];

export function generateRecord(n: number, seed = 42): Record<string, unknown> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const word = () => pick(words);
  const items = Array.from({ length: n }, (_, i) => ({
    name: `${word()}_${word()}_${i}`,
    kind: pick(ITEM_KINDS),
    run: 100000 + Math.floor(next() * 900000),
    energy: Math.round(next() * 13600) / 1000,
    luminosity: Math.round(next() * 140000) / 1000,
    is_mc: next() > 0.5,
    tags: [word(), word()],
    range: [Math.floor(next() * 50), 50 + Math.floor(next() * 200)],
    doi: `10.${1000 + Math.floor(next() * 9000)}/cms.${i}`,
    contact: { name: `${word()} ${word()}`, orcid: '0000-0002-1825-0097' },
    created: `20${10 + Math.floor(next() * 15)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`,
  }));
  return {
    title: 'Search for a heavy resonance decaying to a pair of muons',
    cadi_id: 'EXO-21-001',
    arxiv: '2101.01234',
    doi: '10.17181/CMS.EXO.21.001',
    status: 'draft',
    energy_tev: 13,
    basic_info: { analysis_number: 'EXO-21-001', conclusion: 'none yet', people: ['A. Physicist', 'B. Physicist'] },
    items,
  };
}

export function generateSchema(): Record<string, unknown> {
  return {
    title: 'CMS analysis',
    type: 'object',
    required: ['title', 'status', 'items'],
    properties: {
      title: { type: 'string', title: 'Title', minLength: 3 },
      cadi_id: { type: 'string', title: 'CADI id', pattern: '^[A-Z]{3}-\\d{2}-\\d{3}$' },
      arxiv: { type: 'string', title: 'arXiv' },
      doi: { type: 'string', title: 'DOI', format: 'doi' },
      status: { type: 'string', title: 'Status', enum: ['draft', 'review', 'published'] },
      energy_tev: { type: 'number', title: 'Centre-of-mass energy (TeV)' },
      basic_info: {
        type: 'object',
        title: 'Basic information',
        properties: {
          analysis_number: { type: 'string', title: 'Analysis number' },
          conclusion: { type: 'string', title: 'Conclusion' },
          people: { type: 'array', title: 'People', items: { type: 'string' } },
        },
      },
      items: {
        type: 'array',
        title: 'Items',
        items: {
          type: 'object',
          title: 'Item',
          required: ['name', 'kind'],
          properties: {
            name: { type: 'string', title: 'Name', pattern: '^[A-Za-z0-9_]+$' },
            kind: { type: 'string', title: 'Kind', enum: [...ITEM_KINDS] },
            run: { type: 'integer', title: 'Run', minimum: 1 },
            energy: { type: 'number', title: 'Energy' },
            luminosity: { type: 'number', title: 'Luminosity' },
            is_mc: { type: 'boolean', title: 'Simulated' },
            tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
            range: { type: 'array', title: 'Range', items: { type: 'integer' } },
            doi: { type: 'string', title: 'DOI', format: 'doi' },
            contact: {
              type: 'object',
              title: 'Contact',
              required: ['name'],
              properties: { name: { type: 'string', title: 'Name' }, orcid: { type: 'string', title: 'ORCID', format: 'orcid' } },
            },
            created: { type: 'string', title: 'Created', format: 'date' },
          },
        },
      },
    },
  };
}
