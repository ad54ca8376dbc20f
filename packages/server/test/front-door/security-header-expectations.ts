import type { IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';

type Headers = IncomingHttpHeaders | Record<string, string | string[] | number | undefined>;

/** `a b; c d` -> {a: ['b'], c: ['d']}. */
export function cspDirectives(header: unknown): Record<string, string[]> {
  expect(typeof header).toBe('string');
  const directives: Record<string, string[]> = {};
  for (const part of String(header).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name] = values;
  }
  return directives;
}

/** The headers every response carries, whatever its status and transport. */
export function expectSecurityHeaders(headers: Headers): void {
  expect(cspDirectives(headers['content-security-policy'])).toEqual({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options']).toBe('DENY');
}

/** HSTS for at least a year, subdomains included. */
export function expectHsts(headers: Headers): void {
  const value = String(headers['strict-transport-security'] ?? '');
  const maxAge = Number(/(?:^|;)\s*max-age=(\d+)/.exec(value)?.[1] ?? 0);
  expect(maxAge).toBeGreaterThanOrEqual(365 * 24 * 60 * 60);
  expect(value).toMatch(/;\s*includeSubDomains/);
}
