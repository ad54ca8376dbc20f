import type { FormatValidator } from './format-validator.js';

/** An INSPIRE author id: INSPIRE- and eight digits (INSPIRE-00146525). */
export const inspireId: FormatValidator = (value) => /^INSPIRE-\d{8}$/.test(value);
