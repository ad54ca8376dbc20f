import type { Metadata } from '../api/types.js';

/** A readable title for any analysis: the first title-like field, or a placeholder. */
export function titleOf(metadata: Metadata): string {
  for (const key of ['analysis_title', 'title', 'general_title']) {
    const value = metadata[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  const basic = metadata.basic_info;
  if (basic && typeof basic === 'object' && !Array.isArray(basic)) {
    const nested = (basic as Metadata).analysis_title ?? (basic as Metadata).title;
    if (typeof nested === 'string' && nested.trim()) return nested;
  }
  return '(untitled)';
}
