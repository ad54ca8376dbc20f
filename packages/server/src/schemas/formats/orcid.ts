import type { FormatValidator } from './format-validator.js';
import { mod11_2CheckCharacter } from './iso7064.js';

const ORCID = /^(?:https:\/\/orcid\.org\/)?(\d{4})-(\d{4})-(\d{4})-(\d{3})([\dX])$/;

/** An ORCID iD (0000-0002-1825-0097), bare or as its https://orcid.org/ URL, with a correct check character. */
export const orcid: FormatValidator = (value) => {
  const m = ORCID.exec(value);
  if (!m) return false;
  return mod11_2CheckCharacter(m.slice(1, 5).join('')) === m[5];
};
