import { useId, type ReactElement, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  hint?: ReactNode;
  /** Takes the free width of its row (a search box, say). */
  grow?: boolean;
  /** The control; it receives the id, and the id of its hint. */
  children: (control: { id: string; 'aria-describedby': string | undefined }) => ReactElement;
}

/** A labelled form control with its hint, tied together for screen readers. */
export function Field({ label, hint, grow, children }: FieldProps) {
  const id = useId();
  const described = hint ? `${id}-hint` : undefined;
  return (
    <div className={grow ? 'field field-grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': described })}
      {hint && <span id={`${id}-hint`} className="field-hint">{hint}</span>}
    </div>
  );
}
