import type { ButtonHTMLAttributes } from 'react';
import { Link, type LinkProps } from 'react-router';

export type ButtonVariant = 'default' | 'primary' | 'danger';

interface Look {
  variant?: ButtonVariant;
  small?: boolean;
}

const classOf = ({ variant = 'default', small }: Look, extra?: string) =>
  ['button', variant !== 'default' && `button-${variant}`, small && 'button-small', extra].filter(Boolean).join(' ');

/** A button; `type="button"` unless said otherwise, so it never submits a form by accident. */
export function Button({ variant, small, className, type = 'button', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & Look) {
  return <button type={type} className={classOf({ variant, small }, className)} {...props} />;
}

/** A link that looks like a button (for navigation, which a button must not do). */
export function ButtonLink({ variant, small, className, ...props }: LinkProps & Look) {
  return <Link className={classOf({ variant, small }, className)} {...props} />;
}
