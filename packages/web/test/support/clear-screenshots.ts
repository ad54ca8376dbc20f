import { rm } from 'node:fs/promises';
import { SCREENSHOT_DIR } from './browser.js';

/** Once per run, before any scenario: only this run's pictures, since a failure shot from an earlier run would mislead. */
export default async function clearScreenshots(): Promise<void> {
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
}
