import { arxiv } from './arxiv.js';
import { cadiId } from './cadi-id.js';
import { doi } from './doi.js';
import type { FormatValidator } from './format-validator.js';
import { inspireBai } from './inspire-bai.js';
import { inspireId } from './inspire-id.js';
import { orcid } from './orcid.js';
import { ror } from './ror.js';

export type { FormatValidator } from './format-validator.js';

/** Named identifier formats, usable as `"format": "<name>"` in any schema of the registry. */
export const identifierFormats: Record<string, FormatValidator> = {
  doi,
  arxiv,
  orcid,
  'inspire-id': inspireId,
  'inspire-bai': inspireBai,
  ror,
  'cadi-id': cadiId,
};
