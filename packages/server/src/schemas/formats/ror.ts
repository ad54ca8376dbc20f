import type { FormatValidator } from './format-validator.js';
import { mod97_10CheckDigits } from './iso7064.js';

/** Crockford's base32 alphabet (no I, L, O, U), lower case as ROR writes it. */
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const ROR = /^(?:https:\/\/ror\.org\/)?(0[0-9a-hjkmnp-tv-z]{6})(\d{2})$/;

/**
 * A ROR id (01ggx4157): a leading 0 and six Crockford base32 characters encoding a number,
 * followed by that number's ISO 7064 MOD 97-10 check digits; bare or as its https://ror.org/ URL.
 */
export const ror: FormatValidator = (value) => {
  const m = ROR.exec(value);
  if (!m) return false;
  let n = 0n;
  for (const c of m[1]!) n = n * 32n + BigInt(CROCKFORD.indexOf(c));
  return mod97_10CheckDigits(n) === m[2];
};
