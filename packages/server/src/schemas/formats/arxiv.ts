import type { FormatValidator } from './format-validator.js';

/** Identifiers since April 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN (from 2015), optionally versioned. */
const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v[1-9]\d*)?$/;
/** Identifiers until March 2007: archive[.SUBJECT-CLASS]/YYMMNNN, optionally versioned. */
const OLD_STYLE = /^[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/(\d{2})(\d{2})\d{3}(?:v[1-9]\d*)?$/;

const validMonth = (mm: string) => Number(mm) >= 1 && Number(mm) <= 12;

/** An arXiv identifier, old or new style, with or without the `arXiv:` prefix. */
export const arxiv: FormatValidator = (value) => {
  const id = value.startsWith('arXiv:') ? value.slice('arXiv:'.length) : value;
  const modern = NEW_STYLE.exec(id);
  if (modern) {
    const [, yy, mm, number] = modern as unknown as [string, string, string, string];
    const yymm = Number(yy + mm);
    // Four-digit sequence numbers ran from 0704 to 1412, five-digit ones from 1501 on.
    return validMonth(mm) && yymm >= 704 && number.length === (yymm < 1501 ? 4 : 5);
  }
  const legacy = OLD_STYLE.exec(id);
  if (legacy) {
    const [, yy, mm] = legacy as unknown as [string, string, string];
    const year = Number(yy) >= 91 ? 1900 + Number(yy) : 2000 + Number(yy);
    return validMonth(mm) && year >= 1991 && (year < 2007 || (year === 2007 && Number(mm) <= 3));
  }
  return false;
};
