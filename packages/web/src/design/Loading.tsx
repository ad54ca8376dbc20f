import { ApiError } from '../api/api-error.js';
import { Notice } from './Notice.js';

/** What a page shows while its data loads, or when loading failed. */
export function Loading({ error }: { error?: Error | undefined }) {
  if (error) {
    const text = error instanceof ApiError && error.status === 404 ? 'Not found, or you may not see it.' : error.message;
    return <Notice tone="error">{text}</Notice>;
  }
  return <p className="muted" role="status">Loading…</p>;
}
