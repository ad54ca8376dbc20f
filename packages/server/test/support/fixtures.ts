import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared fixtures folder, beside the repository. */
export const FIXTURES = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared/fixtures');
