import { createHash } from 'node:crypto';

/** Tokens and session ids are stored only as this hash; both are long random strings, so no salt or stretching is needed. */
export const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');
