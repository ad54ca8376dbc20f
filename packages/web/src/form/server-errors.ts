import type { ErrorSchema } from '@rjsf/utils';
import type { FieldError } from '../api/api-error.js';

/** The server's field errors as the form's error tree, so each shows at its field. */
export function errorSchemaOf(errors: readonly FieldError[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const { field, message } of errors) {
    let node = root;
    for (const key of field) {
      node = (node[String(key)] ??= {}) as Record<string, unknown>;
    }
    ((node.__errors ??= []) as string[]).push(message);
  }
  return root as ErrorSchema;
}

/** The form's element id of a field path (react-jsonschema-form joins the path with `_` after `root`). */
function fieldElementId(field: readonly (string | number)[]): string {
  return ['root', ...field].join('_');
}

/**
 * Brings a field into view and focuses it: the field's own control if it exists, else the
 * nearest enclosing section (a missing array or object is reported on its parent's path).
 */
export function focusField(field: readonly (string | number)[]): void {
  for (let n = field.length; n >= 0; n -= 1) {
    const element = document.getElementById(fieldElementId(field.slice(0, n)));
    if (!element) continue;
    for (let parent = element.closest('details'); parent; parent = parent.parentElement?.closest('details') ?? null) parent.open = true;
    const target = element.matches('input, select, textarea, button') ? element : (element.querySelector<HTMLElement>('input, select, textarea, summary') ?? element);
    target.scrollIntoView({ block: 'center' });
    target.focus();
    return;
  }
}

/** A field path as people read it: "Physics objects › 1 › Triggers" needs the schema; the keys are close enough. */
export function readablePath(field: readonly (string | number)[]): string {
  return field.length === 0 ? '(the whole analysis)' : field.map((k) => (typeof k === 'number' ? `#${k + 1}` : k.replace(/_/g, ' '))).join(' › ');
}
