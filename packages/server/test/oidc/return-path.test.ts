import { describe, expect, it } from 'vitest';
import { returnPath } from '../../src/accounts/oidc/return-path.js';

describe('where sign-in comes back to', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(returnPath('/deposits/abc?tab=files#top')).toBe('/deposits/abc?tab=files#top');
    expect(returnPath('/')).toBe('/');
  });

  it('turns anything that could leave the site into /', () => {
    for (const next of [undefined, '', 'deposits', 'https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil.example', '/\tevil', 'javascript:alert(1)', ['/a', '/b'], `/${'a'.repeat(2001)}`]) {
      expect(returnPath(next)).toBe('/');
    }
  });
});
