import { fullFormats } from 'ajv-formats/dist/formats.js';
import { identifierFormats, type FormatCheck } from './identifier-formats.js';

type FormatDefinition = { validate: RegExp | FormatCheck | boolean; type?: string };

/**
 * String format checks for feedback while typing: ajv-formats' standard formats, the identifier formats,
 * then the caller's own (which win, so the server's validators can replace ours).
 */
export function formatChecks(extra: Record<string, FormatCheck> = {}): Record<string, FormatCheck> {
  const checks: Record<string, FormatCheck> = {};
  for (const [name, format] of Object.entries(fullFormats)) {
    // A format is a pattern, a function, or a definition naming the type it applies to and one of those.
    const { validate, type } = (typeof format === 'object' && !(format instanceof RegExp) ? format : { validate: format }) as FormatDefinition;
    if (type !== undefined && type !== 'string') continue;
    if (validate instanceof RegExp) checks[name] = (value) => validate.test(value);
    else if (typeof validate === 'function') checks[name] = (value) => validate(value);
  }
  return { ...checks, ...identifierFormats, ...extra };
}
