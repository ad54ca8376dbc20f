import type { SchemaKind, SchemaVariant } from './schema-types.js';

/**
 * Where each schema document lives, relative to the base URL. Built-in schemas `$ref` each
 * other by these paths (`/schemas/shared/researcher-v1.0.0.json`), so they resolve under
 * any host the instance is served from.
 */
export interface SchemaAddress {
  name: string;
  version: string;
  kind: SchemaKind;
  variant: SchemaVariant;
}

export function schemaPath(a: SchemaAddress): string {
  if (a.kind === 'shared') return `/schemas/shared/${a.name}-v${a.version}.json`;
  return a.variant === 'deposit'
    ? `/schemas/deposits/records/${a.name}-v${a.version}.json`
    : `/schemas/records/${a.name}-v${a.version}.json`;
}

export function schemaUrl(baseUrl: string, a: SchemaAddress): string {
  return baseUrl + schemaPath(a);
}

const PATTERNS: { re: RegExp; kind: SchemaKind; variant: SchemaVariant }[] = [
  { re: /^\/schemas\/deposits\/records\/([a-z0-9][a-z0-9_-]*)-v([^/]+)\.json$/, kind: 'collection', variant: 'deposit' },
  { re: /^\/schemas\/records\/([a-z0-9][a-z0-9_-]*)-v([^/]+)\.json$/, kind: 'collection', variant: 'record' },
  { re: /^\/schemas\/shared\/([a-z0-9][a-z0-9_-]*)-v([^/]+)\.json$/, kind: 'shared', variant: 'deposit' },
];

/**
 * Reads a schema URL or path back into its address. The host is ignored on purpose: a record's
 * `$schema` written by another CAP instance (https://analysispreservation.cern.ch/schemas/...)
 * names the same schema here.
 */
export function parseSchemaUrl(urlOrPath: string): SchemaAddress | undefined {
  let pathname: string;
  try {
    pathname = new URL(urlOrPath, 'http://capsule.invalid').pathname;
  } catch {
    return undefined;
  }
  for (const { re, kind, variant } of PATTERNS) {
    const m = re.exec(pathname);
    if (m) return { name: m[1]!, version: m[2]!, kind, variant };
  }
  return undefined;
}
