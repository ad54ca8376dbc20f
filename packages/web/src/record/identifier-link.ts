import { identifierUrl } from '../../../server/src/formats/identifier-urls.js';

/** INSPIRE has no plain resolver: its author search finds an author by either id. */
const INSPIRE_AUTHOR = 'https://inspirehep.net/authors?q=ids.value:';

/** Schema formats and identifier schemes (as the shared identifier schema names them), both lowercased. */
const SCHEMES: Record<string, string> = { doi: 'doi', arxiv: 'arxiv', orcid: 'orcid', ror: 'ror', 'inspire-id': 'inspire', inspire: 'inspire', 'inspire-bai': 'inspire', bai: 'inspire', url: 'url', uri: 'url' };

/** Where an identifier resolves, when its scheme (or the field's format) has a resolver. */
export function identifierLink(scheme: string | undefined, value: string): string | undefined {
  const kind = scheme ? SCHEMES[scheme.toLowerCase()] : undefined;
  if (kind === 'inspire') return INSPIRE_AUTHOR + encodeURIComponent(value);
  if (kind === 'url') return /^https?:\/\//.test(value) ? value : undefined;
  return kind ? identifierUrl(kind, value) : undefined;
}
