import type { FormatCheck } from './identifier-formats.js';
import { typeOf, type JsonValue } from './json.js';
import type { NodeSchema } from './schema-index.js';

/** An input or select that edits one scalar in place and reports each parsed change. */
export interface InlineInput {
  element: HTMLInputElement | HTMLSelectElement;
  /** The value the node had when editing began, for Escape. */
  original: JsonValue;
}

/**
 * Builds the control for a scalar: a select for enums, a text field otherwise. Text is parsed to the node's
 * current kind (numbers stay numbers; null accepts any JSON) and checked against the schema's format and
 * pattern on every keystroke; `emit` receives only values that parse.
 */
export function createInlineInput(document: Document, value: JsonValue, schema: NodeSchema, formats: Record<string, FormatCheck>, emit: (value: JsonValue) => void): InlineInput {
  if (schema.enum) {
    const select = document.createElement('select');
    select.className = 'cx-input';
    schema.enum.forEach((choice, index) => {
      const option = document.createElement('option');
      option.value = String(index);
      option.textContent = typeof choice === 'string' ? choice : JSON.stringify(choice);
      option.selected = choice === value;
      select.append(option);
    });
    select.addEventListener('change', () => emit(schema.enum?.[Number(select.value)] as JsonValue));
    return { element: select, original: value };
  }
  const input = document.createElement('input');
  input.className = 'cx-input';
  input.value = value === null ? '' : String(value);
  input.setAttribute('aria-label', 'value');
  const kind = typeOf(value);
  const format = schema.format === undefined ? undefined : formats[schema.format];
  const pattern = typeof schema.schema.pattern === 'string' ? new RegExp(schema.schema.pattern, 'u') : undefined;
  input.addEventListener('input', () => {
    const parsed = parse(input.value, kind);
    const wellFormed = parsed !== undefined && (typeof parsed !== 'string' || ((!format || format(parsed)) && (!pattern || pattern.test(parsed))));
    input.classList.toggle('cx-invalid', !wellFormed);
    const problem = wellFormed ? '' : parsed === undefined ? `not a valid ${kind}` : `does not match ${schema.format ?? schema.schema.pattern}`;
    // Rewriting an unchanged attribute on every key is still a DOM mutation.
    if (input.title !== problem) input.title = problem;
    if (parsed !== undefined) emit(parsed);
  });
  return { element: input, original: value };
}

function parse(text: string, kind: ReturnType<typeof typeOf>): JsonValue | undefined {
  if (kind === 'number') {
    const number = Number(text);
    return text.trim() !== '' && Number.isFinite(number) ? number : undefined;
  }
  if (kind === 'null') {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return text;
    }
  }
  return text;
}
