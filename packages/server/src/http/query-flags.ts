/** CAP clients write booleans in query strings as True, true or 1. */
export function isTrue(value: unknown): boolean {
  return typeof value === 'string' && /^(true|1|yes)$/i.test(value);
}
