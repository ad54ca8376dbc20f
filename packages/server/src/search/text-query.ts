/**
 * A full-text condition, independent of the database: words (a phrase when several, the last
 * one a prefix when `prefix`), optionally restricted to one weighted part of the text, and
 * AND/OR of those. Rendered as an FTS5 MATCH expression or a PostgreSQL tsquery, bound as one
 * value: the words are letters and digits only (text-tokens.ts), the operators are ours.
 */
export type TextPart = 'title' | 'abstract';

export type TextQuery =
  | { kind: 'words'; words: string[]; prefix: boolean; part: TextPart | null }
  | { kind: 'and' | 'or'; children: TextQuery[] }
  | { kind: 'not'; include: TextQuery; exclude: TextQuery };

export function textAnd(children: TextQuery[]): TextQuery {
  return children.length === 1 ? children[0]! : { kind: 'and', children: children.flatMap((c) => (c.kind === 'and' ? c.children : [c])) };
}

export function textOr(children: TextQuery[]): TextQuery {
  return children.length === 1 ? children[0]! : { kind: 'or', children: children.flatMap((c) => (c.kind === 'or' ? c.children : [c])) };
}

/** Matches of `include` that do not match `exclude`. */
export const textNot = (include: TextQuery, exclude: TextQuery): TextQuery => ({ kind: 'not', include, exclude });

/** SQLite FTS5: `"w1 w2"*`, `title : "w"`, `(a AND b)`, `(a OR b)`, `(a NOT (b))`. */
export function fts5Match(q: TextQuery): string {
  if (q.kind === 'words') {
    const phrase = `"${q.words.join(' ')}"${q.prefix ? '*' : ''}`;
    return q.part ? `${q.part} : ${phrase}` : phrase;
  }
  if (q.kind === 'not') return `(${fts5Match(q.include)} NOT (${fts5Match(q.exclude)}))`;
  return `(${q.children.map(fts5Match).join(q.kind === 'and' ? ' AND ' : ' OR ')})`;
}

const WEIGHT: Record<TextPart, string> = { title: 'A', abstract: 'C' };

/** PostgreSQL to_tsquery('simple', ...): `w1 <-> w2:*`, `w:A` for the title, `&`, `|`, `& !(...)`. */
export function tsquery(q: TextQuery): string {
  if (q.kind === 'not') return `(${tsquery(q.include)} & !(${tsquery(q.exclude)}))`;
  if (q.kind === 'words') {
    const weight = q.part ? WEIGHT[q.part] : '';
    return q.words
      .map((w, i) => {
        const last = i === q.words.length - 1;
        const flags = `${last && q.prefix ? '*' : ''}${weight}`;
        return flags ? `${w}:${flags}` : w;
      })
      .join(' <-> ');
  }
  return `(${q.children.map(tsquery).join(q.kind === 'and' ? ' & ' : ' | ')})`;
}
