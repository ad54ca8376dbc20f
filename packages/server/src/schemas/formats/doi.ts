import type { FormatValidator } from './format-validator.js';

/**
 * A bare DOI name: the directory indicator "10.", a registrant code of four or more digits
 * (possibly subdivided, 10.1000.10), a slash, and a non-empty suffix without spaces.
 */
const DOI = /^10\.\d{4,9}(?:\.\d+)*\/\S+$/;

export const doi: FormatValidator = (value) => DOI.test(value);
