import type { FormatValidator } from './format-validator.js';

/**
 * An INSPIRE author BAI: the name parts (initials and family name) each ending in a dot,
 * then a disambiguating number from 1 (J.R.Ellis.1). Names may hold letters of any script,
 * hyphens and apostrophes.
 */
const BAI = /^(?:[\p{L}\p{M}][\p{L}\p{M}'-]*\.)+[1-9]\d*$/u;

export const inspireBai: FormatValidator = (value) => BAI.test(value);
