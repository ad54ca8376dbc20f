import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/formats/opendata/input-dataset.js';

describe('the plain text of an open data description', () => {
  it('drops tags, decodes named and numeric references, and collapses spaces', () => {
    expect(plainText('<p>Muons &amp; <b>jets</b>&#8203;&#x2014;&nbsp;2011</p>\n')).toBe('Muons & jets \u200b\u2014 2011');
  });

  it('leaves a numeric reference past the last code point as written, rather than failing', () => {
    expect(plainText('a &#x110000; b &#99999999999; c')).toBe('a &#x110000; b &#99999999999; c');
  });
});
