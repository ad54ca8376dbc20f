/** Named identifier formats, usable as `"format": "<name>"` in any schema of the registry. */
export type FormatValidator = (value: string) => boolean;

export const identifierFormats: Record<string, FormatValidator> = {};
