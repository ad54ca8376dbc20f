import { describe, expect, it } from 'vitest';
import { fftFiles, resolveFftFields } from '../../src/formats/marc/fft.js';
import { parseMarcXml } from '../../src/formats/marc/marcxml-reader.js';
import { DEMO_FILE, readMarcXmlFixture } from './fixtures.js';

const demo = parseMarcXml(readMarcXmlFixture(DEMO_FILE));
const video = demo.find((r) => r.fields.some((f) => 'subfields' in f && f.subfields.some((s) => s.value === 'CERN-MOVIE-2010-075')))!;

describe('FFT pseudo-fields', () => {
  it('name each file as Invenio stored it, with its subformat', () => {
    const files = fftFiles(video);
    expect(files.length).toBe(video.fields.filter((f) => f.tag === 'FFT').length);
    expect(files.map((f) => [f.name, f.subformat])).toContainEqual(['CERN-MOVIE-2010-075.webm', '480p']);
    expect(files.map((f) => [f.name, f.subformat])).toContainEqual(['CERN-MOVIE-2010-075_POSTER.jpg', undefined]);
  });

  it('become 8564 links to the stored files, keeping description and comment', () => {
    const url = (f: { name: string; subformat?: string }) => `https://capsule.example.org/files/${f.name}${f.subformat ? `?subformat=${f.subformat}` : ''}`;
    const resolved = resolveFftFields(video, url);
    expect(resolved.fields.some((f) => f.tag === 'FFT')).toBe(false);
    expect(resolved.fields).toContainEqual({
      tag: '856',
      ind1: '4',
      ind2: ' ',
      subfields: [
        { code: 'u', value: 'https://capsule.example.org/files/CERN-MOVIE-2010-075.mpg?subformat=master' },
        { code: 'y', value: 'MASTER' },
        { code: 'z', value: 'MASTER' },
      ],
    });
    expect(resolved.fields.length).toBe(video.fields.length);
  });
});
