import type { HTMLAttributes, ReactNode } from 'react';

/** A titled surface; the title is a heading so the page outline stays navigable. */
export function Card({ title, level = 2, actions, children, ...rest }: { title?: ReactNode; level?: 2 | 3; actions?: ReactNode } & HTMLAttributes<HTMLElement>) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="card" {...rest}>
      {(title || actions) && (
        <div className="row">
          {title && <Heading>{title}</Heading>}
          {actions && <div className="row row-end">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}
