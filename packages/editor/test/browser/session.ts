import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, type Chromium } from '../../tooling/chromium.js';
import { serveStatic, type StaticServer } from '../../tooling/static-server.js';
import type { JsonValue } from '../../src/index.js';

/**
 * One Chromium and one static server per test file, serving the built test page (`npm run build` makes it).
 * `open(n)` loads a fresh editor over the benchmark record with n items.
 */
export function browserSession(): { open(n?: number, query?: string): Promise<EditorPage> } {
  let browser: Chromium;
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(fileURLToPath(new URL('../../dist/test-page', import.meta.url)));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    async open(n = 20, query = '') {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}/index.html?n=${n}${query}`);
      await page.waitForFunction(() => 'editor' in window);
      await page.locator('.cx-editor').focus();
      return new EditorPage(page, errors);
    },
  };
}

/** What the tests read and do on the page, named as a user would say it. */
export class EditorPage {
  constructor(
    readonly page: Page,
    readonly errors: string[],
  ) {}

  /** JSON Pointer of the selected row. */
  selected(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector<HTMLElement>('.cx-row[aria-selected=true]')?.dataset.pointer ?? null);
  }

  value<T = JsonValue>(pointer: string): Promise<T> {
    return this.page.evaluate((p) => p.split('/').slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')], window.editor.getValue()), pointer) as Promise<T>;
  }

  focus(pointer: string): Promise<void> {
    return this.page.evaluate((p) => window.editor.focusPath(p), pointer);
  }

  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  row(pointer: string) {
    return this.page.locator(`.cx-row[data-pointer="${pointer}"]`);
  }

  patches() {
    return this.page.evaluate(() => window.patches.flat());
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
