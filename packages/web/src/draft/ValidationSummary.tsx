import type { FieldError } from '../api/api-error.js';
import { focusField, readablePath } from '../form/server-errors.js';
import { Notice } from '../design/Notice.js';

/** Every problem that stops publishing, each a link to its field (in the form, unless `goTo` says where else). */
export function ValidationSummary({ title, errors, goTo = focusField }: { title: string; errors: FieldError[]; goTo?: (field: FieldError['field']) => void }) {
  return (
    <Notice tone="error">
      <strong>{title}</strong>
      <ul aria-label="Problems">
        {errors.map((e, i) => (
          <li key={i}>
            <a
              href={`#${e.field.join('/')}`}
              onClick={(event) => {
                event.preventDefault();
                goTo(e.field);
              }}
            >
              {readablePath(e.field)}
            </a>
            : {e.message}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
