import type { HTMLAttributes, ReactNode } from 'react';

/** A titled surface; the title is a heading so the page outline stays navigable. */
export function Card({ title, level = 2, children, ...rest }: { title?: ReactNode; level?: 2 | 3 } & HTMLAttributes<HTMLElement>) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="card" {...rest}>
      {title && (
        <div className="row">
          <Heading>{title}</Heading>
        </div>
      )}
      {children}
    </section>
  );
}
