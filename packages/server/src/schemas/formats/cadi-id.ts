import type { FormatValidator } from './format-validator.js';

/**
 * A CMS analysis code as CADI lists it: a three-character group code, a two-digit year and
 * a three-digit number (EXO-16-001, B2G-17-009), optionally prefixed CMS- or CMS-PAS-;
 * older analyses use a four-digit year (CMS-ANA-2012-049).
 */
const CADI = /^(?:CMS-(?:PAS-)?)?[A-Z][A-Z0-9]{2}-(?:\d{2}|(?:19|20)\d{2})-\d{3}$/;

export const cadiId: FormatValidator = (value) => CADI.test(value);
