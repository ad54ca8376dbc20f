/** Resolvable URLs of identifiers whose scheme has one (already-URL values are kept). */
const RESOLVERS: Record<string, string> = {
  doi: 'https://doi.org/',
  orcid: 'https://orcid.org/',
  ror: 'https://ror.org/',
  arxiv: 'https://arxiv.org/abs/',
};

export function identifierUrl(scheme: string, value: string): string | undefined {
  if (/^https?:\/\//.test(value)) return value;
  const base = RESOLVERS[scheme];
  return base === undefined ? undefined : base + value;
}

/** The SPDX license page of an SPDX id. */
export const spdxLicenseUrl = (id: string) => `https://spdx.org/licenses/${encodeURIComponent(id)}`;
