import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'draft' | 'published' | 'danger';

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={tone === 'neutral' ? 'badge' : `badge badge-${tone}`}>{children}</span>;
}

/** A draft's or record's status as a badge. */
export function StatusBadge({ status }: { status: 'draft' | 'published' }) {
  return <Badge tone={status}>{status}</Badge>;
}
