import { fullFormats } from 'ajv-formats/dist/formats.js';
import { identifierFormats, type FormatCheck } from './identifier-formats.js';

/**
 * String format checks for feedback while typing: ajv-formats' standard formats, the identifier formats,
 * then the caller's own (which win, so the server's validators can replace ours).
 */
export function formatChecks(extra: Record<string, FormatCheck> = {}): Record<string, FormatCheck> {
  const checks: Record<string, FormatCheck> = {};
  for (const [name, format] of Object.entries(fullFormats)) {
    const definition = typeof format === 'object' && !(format instanceof RegExp) ? format : { validate: format };
    const { validate } = definition as { validate: RegExp | ((value: string) => boolean) | boolean; type?: string };
    if ((definition as { type?: string }).type && (definition as { type?: string }).type !== 'string') continue;
    if (validate instanceof RegExp) checks[name] = (value) => validate.test(value);
    else if (typeof validate === 'function') checks[name] = (value) => validate(value);
  }
  return { ...checks, ...identifierFormats, ...extra };
}
