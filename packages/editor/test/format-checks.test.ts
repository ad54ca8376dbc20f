import { describe, expect, it } from 'vitest';
import { formatChecks } from '../src/format-checks.js';

describe('formatChecks', () => {
  it("checks ajv-formats' string formats, whether given as a pattern or as a function", () => {
    const checks = formatChecks();
    expect(checks.date?.('2024-02-29')).toBe(true);
    expect(checks.date?.('2023-02-29')).toBe(false);
    expect(checks.email?.('someone@cern.ch')).toBe(true);
    expect(checks.email?.('someone at cern')).toBe(false);
  });

  it('leaves out formats of numbers, which a text field never holds', () => {
    expect(Object.keys(formatChecks())).not.toContain('int32');
  });

  it("adds the identifier formats, and the caller's own replace both", () => {
    expect(formatChecks().orcid?.('0000-0002-1825-0097')).toBe(true);
    expect(formatChecks().orcid?.('0000-0002-1825-0098')).toBe(false);
    const replaced = formatChecks({ orcid: () => true, date: () => false });
    expect(replaced.orcid?.('0000-0002-1825-0098')).toBe(true);
    expect(replaced.date?.('2024-02-29')).toBe(false);
  });
});
