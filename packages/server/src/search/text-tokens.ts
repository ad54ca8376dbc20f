/**
 * The one word splitter of search, used for indexing and for queries on both dialects, so that
 * what a user pastes (`10.7483/OPENDATA.CMS.B8MR.C4A2`, `/Mu/Run2010B-Apr21ReReco-v1/AOD`,
 * `HLT_Mu9`) becomes the same words as the text it was copied from: lowercase letters and digits,
 * accents removed, everything else a separator. The database then only splits on spaces.
 */
const SEPARATORS = /[^\p{L}\p{N}]+/u;
/**
 * Runs of separators other than one space, to be replaced by one space: prose is mostly words
 * between single spaces, which then need no replacing, and far fewer matches cost far less.
 */
const SEPARATORS_BUT_ONE_SPACE = /[^\p{L}\p{N} ][^\p{L}\p{N}]*| [^\p{L}\p{N}]+/gu;
const MARKS = /\p{M}/gu;
/** HTML tags, as open data descriptions carry them. */
const TAGS = /<\/?[a-zA-Z][^<>]{0,200}>/g;

const ASCII = /^[\x00-\x7f]*$/;
/** The same separators within ASCII, once lowercased: a much cheaper match than Unicode properties. */
const ASCII_SEPARATORS = /[^a-z0-9]+/;
const ASCII_SEPARATORS_BUT_ONE_SPACE = /[^a-z0-9 ][^a-z0-9]*| [^a-z0-9]+/g;

/** A text lowercased, without tags and accents, with the separators of its words. */
function normalized(text: string): { text: string; separators: RegExp; separatorsButOneSpace: RegExp } {
  const plain = text.replace(TAGS, ' ');
  // Most text is ASCII, which has no accents to remove.
  if (ASCII.test(plain)) return { text: plain.toLowerCase(), separators: ASCII_SEPARATORS, separatorsButOneSpace: ASCII_SEPARATORS_BUT_ONE_SPACE };
  return { text: plain.normalize('NFKD').replace(MARKS, '').toLowerCase(), separators: SEPARATORS, separatorsButOneSpace: SEPARATORS_BUT_ONE_SPACE };
}

export function tokenize(text: string): string[] {
  const { text: words, separators } = normalized(text);
  return words.split(separators).filter((t) => t !== '');
}

/**
 * The words of a text as the index stores them: separated by single spaces. The same words as
 * `tokenize`, without building an array of them: every write indexes every string of a record.
 */
export function indexText(text: string): string {
  const { text: words, separatorsButOneSpace } = normalized(text);
  return words.replace(separatorsButOneSpace, ' ').trim();
}
