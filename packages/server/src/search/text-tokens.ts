/**
 * The one word splitter of search, used for indexing and for queries on both dialects, so that
 * what a user pastes (`10.7483/OPENDATA.CMS.B8MR.C4A2`, `/Mu/Run2010B-Apr21ReReco-v1/AOD`,
 * `HLT_Mu9`) becomes the same words as the text it was copied from: lowercase letters and digits,
 * accents removed, everything else a separator. The database then only splits on spaces.
 */
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}/gu;
/** HTML tags, as open data descriptions carry them. */
const TAGS = /<\/?[a-zA-Z][^<>]{0,200}>/g;

const ASCII = /^[\x00-\x7f]*$/;
/** The same separators within ASCII, once lowercased: a much cheaper match than Unicode properties. */
const ASCII_SEPARATORS = /[^a-z0-9]+/;

export function tokenize(text: string): string[] {
  const plain = text.replace(TAGS, ' ');
  // Most text is ASCII, which has no accents to remove.
  const words = ASCII.test(plain) ? plain.toLowerCase().split(ASCII_SEPARATORS) : plain.normalize('NFKD').replace(MARKS, '').toLowerCase().split(SEPARATORS);
  return words.filter((t) => t !== '');
}

/** The words of a text as the index stores them: separated by single spaces. */
export const indexText = (text: string): string => tokenize(text).join(' ');
