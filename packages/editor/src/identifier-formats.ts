/** A format check as ajv takes it: true when the string is well formed. */
export type FormatCheck = (value: string) => boolean;

/** ISO 7064 MOD 11-2, the ORCID check character. */
function orcidChecksumHolds(digits: string): boolean {
  let total = 0;
  for (const digit of digits.slice(0, -1)) total = (total + Number(digit)) * 2;
  const remainder = (12 - (total % 11)) % 11;
  return digits.slice(-1) === (remainder === 10 ? 'X' : String(remainder));
}

/**
 * The persistent identifiers analysis records cite, checked as the user types. The server's validators are
 * authoritative; the editor accepts replacements through its `formats` option.
 */
export const identifierFormats: Record<string, FormatCheck> = {
  doi: (value) => /^10\.\d{4,9}(?:\.\d+)*\/\S+$/.test(value),
  orcid: (value) => {
    const match = /^(?:https:\/\/orcid\.org\/)?(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$/.exec(value);
    return match !== null && orcidChecksumHolds(match.slice(1).join(''));
  },
  arxiv: (value) => /^(?:arXiv:)?(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v[1-9]\d*)?$/.test(value),
  'inspire-id': (value) => /^INSPIRE-\d{8}$/.test(value),
  'inspire-bai': (value) => /^(?:[\p{L}\p{M}][\p{L}\p{M}'-]*\.)+[1-9]\d*$/u.test(value),
  ror: (value) => /^(?:https:\/\/ror\.org\/)?0[0-9a-hjkmnp-tv-z]{6}\d{2}$/.test(value),
  'cadi-id': (value) => /^(?:CMS-(?:PAS-)?)?[A-Z][A-Z0-9]{2}-(?:\d{2}|(?:19|20)\d{2})-\d{3}$/.test(value),
};
