const SAME_SITE = 'http://same.site';

/**
 * Where to send the browser after sign-in: a path on this site, as asked for. Anything that
 * could leave the site (another origin, `//host`, backslashes browsers read as slashes,
 * control characters) becomes `/`, so sign-in cannot be made into an open redirect.
 */
export function returnPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2000) return '/';
  if (next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f\u007f]/.test(next)) return '/';
  const url = new URL(next, SAME_SITE);
  return url.origin === SAME_SITE ? `${url.pathname}${url.search}${url.hash}` : '/';
}
