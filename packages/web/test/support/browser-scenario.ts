import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, screenshot, watchErrors, type Chromium } from './browser.js';
import { startCapsule, type CapsuleInstance } from './capsule-instance.js';

export interface BrowserScenario {
  capsule: CapsuleInstance;
  page: Page;
  /** Script errors and policy violations the page reported so far. */
  errors: string[];
}

/**
 * A test file's story: one Capsule on loopback and one Chromium page on it, started before the
 * file's tests and closed after them. A failing step leaves a picture of the page it failed on.
 */
export function browserScenario(): BrowserScenario {
  const scenario = {} as BrowserScenario;
  let browser: Chromium | undefined;
  beforeAll(async () => {
    scenario.capsule = await startCapsule();
    browser = await launchChromium();
    scenario.page = await browser.context.newPage();
    scenario.page.setDefaultTimeout(10_000);
    scenario.errors = watchErrors(scenario.page);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await screenshot(scenario.page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await browser?.close();
    await scenario.capsule?.close();
  });
  return scenario;
}
