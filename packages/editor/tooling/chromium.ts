import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** The system's Chromium, headless, with a throw-away profile; nothing is downloaded and only loopback is used. */
export async function launchChromium(extraArgs: string[] = []): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'capsule-editor-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
