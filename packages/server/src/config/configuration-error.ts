import { CapsuleError } from '../errors/capsule-error.js';

/** A configuration value that cannot be used, named the way a person set it (the flag without dashes). */
export const invalidConfiguration = (name: string, message: string) =>
  new CapsuleError('bad_request', `Invalid configuration: ${name} ${message}`);
