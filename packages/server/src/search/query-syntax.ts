import { parse, type LiqeQuery } from 'liqe';
import { CapsuleError } from '../errors/capsule-error.js';

/** A comparison in a query: `field:value`, `field:>value`, `field:>=value`... */
export type Comparison = '=' | '>' | '>=' | '<' | '<=';

/** A parsed query, free of the parser's types. `at` is a 0-based offset into the user's text. */
export type QueryNode =
  | { kind: 'all' }
  | { kind: 'and' | 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | { kind: 'term'; field: string | null; op: Comparison; value: string; quoted: boolean; at: number };

/** The query text rewritten for liqe, and for each of its characters the offset it came from. */
interface Rewritten {
  text: string;
  origin: number[];
}

/** Characters a bare value may hold for liqe; anything else (a DOI's `/`, a `:`) makes it a quoted phrase. */
const BARE_VALUE = /^[\p{L}\p{N}_.*?-]+$/u;
/** A bare value at the start of a text. */
const BARE_VALUE_START = /^[\p{L}\p{N}_.*?-]+/u;
const FIELD_PREFIX = /^(-?)([A-Za-z_][A-Za-z0-9_]*):(>=|<=|>|<|=)?(.*)$/s;
const RANGE = /^([[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$/;

/**
 * Terms (words, phrases, field conditions) a query may hold: each becomes a condition, and
 * SQLite refuses expressions nested past a depth of 1000 (a server error, not a miss), as the
 * parser's recursion does past a few thousand.
 */
export const MAX_QUERY_TERMS = 200;

export function queryError(message: string, at: number): CapsuleError {
  const where = `${message} (at column ${at + 1})`;
  return new CapsuleError('bad_request', `Malformed query: ${where}`, [{ field: ['q'], message: where }]);
}

class Writer {
  text = '';
  origin: number[] = [];
  put(s: string, from: number): void {
    this.text += s;
    for (let i = 0; i < s.length; i++) this.origin.push(from);
  }
  copy(source: string, start: number, end: number): void {
    for (let i = start; i < end; i++) this.put(source[i]!, i);
  }
}

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\')}"`;
const bare = (value: string) => (BARE_VALUE.test(value) ? value : quote(value));

/**
 * Makes what users paste parseable: values with characters liqe reserves (`/` starts a regex in
 * liqe) become quoted phrases, and ranges on dates or open ends (`[2010-01-01 TO *]`), which liqe
 * only takes for numbers, become two comparisons. Quotes and parentheses must balance, and
 * terms number at most MAX_QUERY_TERMS.
 */
function rewrite(q: string): Rewritten {
  const w = new Writer();
  const open: number[] = [];
  let terms = 0;
  const term = (at: number) => {
    if (++terms > MAX_QUERY_TERMS) throw queryError(`a query holds at most ${MAX_QUERY_TERMS} terms`, at);
  };
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (c === '"') {
      term(i);
      let j = i + 1;
      while (j < q.length && q[j] !== '"') j += q[j] === '\\' ? 2 : 1;
      if (j >= q.length) throw queryError('unbalanced quote: a phrase starts here and is never closed', i);
      w.copy(q, i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '(' || c === ')' || /\s/.test(c)) {
      if (c === '(') open.push(i);
      if (c === ')' && open.pop() === undefined) throw queryError('unbalanced parenthesis: nothing to close', i);
      w.copy(q, i, i + 1);
      i++;
      continue;
    }
    let j = i;
    while (j < q.length && !/[\s()"]/.test(q[j]!)) j++;
    const run = q.slice(i, j);
    if (!/^-?(AND|OR|NOT)$/.test(run)) term(i);
    const field = FIELD_PREFIX.exec(run);
    if (field) {
      const [, minus, name, op = '', value] = field as unknown as [string, string, string, string | undefined, string];
      if ((value.startsWith('[') || value.startsWith('{')) && !op) {
        const close = q.slice(i).search(/[\]}]/);
        if (close < 0) throw queryError(`unclosed range for ${name}`, i + minus.length + name.length + 1);
        const end = i + close + 1;
        const range = RANGE.exec(q.slice(i + minus.length + name.length + 1, end));
        if (!range) throw queryError(`a range is written ${name}:[FROM TO TO], * for an open end`, i + minus.length + name.length + 1);
        const [, lo, from, to, hi] = range as unknown as [string, string, string, string, string];
        const parts = [
          ...(from !== '*' ? [`${name}:${lo === '[' ? '>=' : '>'}${bare(from)}`] : []),
          ...(to !== '*' ? [`${name}:${hi === ']' ? '<=' : '<'}${bare(to)}`] : []),
        ];
        w.put(`${minus}(${parts.length ? parts.join(' AND ') : `${name}:*`})`, i);
        i = end;
        continue;
      }
      w.copy(q, i, i + minus.length + name.length + 1 + op.length);
      if (value !== '') w.put(bare(value), i + minus.length + name.length + 1 + op.length);
    } else {
      const minus = run.startsWith('-') && run.length > 1 ? '-' : '';
      const value = run.slice(minus.length);
      w.copy(q, i, i + minus.length);
      w.put(value === 'AND' || value === 'OR' || value === 'NOT' ? value : bare(value), i + minus.length);
    }
    i = j;
  }
  if (open.length) throw queryError('unbalanced parenthesis: opened here and never closed', open[open.length - 1]!);
  return { text: w.text, origin: w.origin };
}

const COMPARISONS: Record<string, Comparison> = { ':': '=', ':=': '=', ':>': '>', ':>=': '>=', ':<': '<', ':<=': '<=' };

/** Parses a `q` parameter; an empty query matches everything. Malformed input is a 400 naming the column. */
export function parseQuery(q: string): QueryNode {
  if (q.trim() === '') return { kind: 'all' };
  const { text, origin } = rewrite(q);
  const at = (offset: number | undefined) => origin[Math.min(offset ?? text.length, text.length - 1)] ?? q.length;
  let tree: LiqeQuery;
  try {
    tree = parse(text);
  } catch (e) {
    const offset = (e as { offset?: number }).offset;
    if (offset === undefined) throw queryError('the query ends where a term was expected (an operator such as AND, OR or NOT needs a term on each side)', q.length - 1);
    const found = text[offset];
    throw queryError(found === undefined ? 'unexpected end' : /\s/.test(found) ? 'unexpected space: a term is missing before it' : `unexpected ${JSON.stringify(found)}`, at(offset));
  }
  const convert = (node: LiqeQuery): QueryNode => {
    switch (node.type) {
      case 'EmptyExpression':
        return { kind: 'all' };
      case 'ParenthesizedExpression':
        return convert(node.expression);
      case 'UnaryOperator':
        return { kind: 'not', child: convert(node.operand) };
      case 'LogicalExpression': {
        const kind = node.operator.operator === 'OR' ? 'or' : 'and';
        return { kind, children: [convert(node.left), convert(node.right)] };
      }
      case 'Tag': {
        const field = node.field.type === 'Field' ? node.field.name : null;
        const start = node.location.start;
        const expression = node.expression;
        if (expression.type === 'EmptyExpression') throw queryError(`${field ?? 'the field'}: has no value`, at(start));
        if (expression.type !== 'LiteralExpression') throw queryError('this kind of expression is not supported', at(start));
        const op = node.field.type === 'Field' && 'operator' in node ? COMPARISONS[node.operator.operator] ?? '=' : '=';
        // As written: liqe reads a bare number as a number, and its location ends where that number's shortest form would (`007` is 0, `1.50` is 1.5).
        const value = expression.quoted ? String(expression.value) : (BARE_VALUE_START.exec(text.slice(expression.location.start))?.[0] ?? String(expression.value));
        return { kind: 'term', field, op, value, quoted: expression.quoted, at: at(start) };
      }
      default:
        throw queryError('this kind of expression is not supported', q.length - 1);
    }
  };
  return convert(tree);
}
