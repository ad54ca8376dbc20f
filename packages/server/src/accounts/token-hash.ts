import { hash } from 'node:crypto';

/**
 * Tokens and session ids are stored only as this hash; both are long random strings, so no salt
 * or stretching is needed. Computed on every token request: the one-shot hash costs half of a
 * Hash object's create, update and digest.
 */
export const hashToken = (secret: string): string => hash('sha256', secret, 'hex');
