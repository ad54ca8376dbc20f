import type { Page, Response } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { browserScenario } from './support/browser-scenario.js';

const TITLE = 'Search for dark photons in dimuon events';
const VALID_ORCID = '0000-0002-1825-0097';

/**
 * The draft page's "Editor" tab: the same draft in the record editor, under the page's strict
 * Content Security Policy, saving JSON Patch operations with If-Match.
 */
describe('the record editor on the draft page, in a browser', () => {
  const scenario = browserScenario();
  let page: Page;
  let api: string;
  let auth: { authorization: string };
  const scripts: string[] = [];

  beforeAll(async () => {
    const { capsule } = scenario;
    page = scenario.page;
    const { token } = await capsule.server.capsule.accounts.createToken(capsule.admin.email, { name: 'elsewhere' });
    auth = { authorization: `Bearer ${token}` };
    const created = await fetch(`${capsule.url}/api/deposits/`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ $ana_type: 'cms-analysis', analysis_title: 'Untitled', researchers: [{ family_name: 'Curie', orcid: VALID_ORCID }] }),
    });
    expect(created.status).toBe(201);
    api = `${capsule.url}/api/deposits/${((await created.json()) as { id: string }).id}`;

    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${capsule.url}/signin`);
    await page.getByLabel('Email').fill(capsule.admin.email);
    await page.getByLabel('Password').fill(capsule.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  const saved = () => page.locator('[data-save-state=saved]').waitFor();
  const row = (pointer: string) => page.locator(`.cx-row[data-pointer="${pointer}"]`);
  const selected = () => page.evaluate(() => document.querySelector<HTMLElement>('.cx-row[aria-selected=true]')?.dataset.pointer ?? null);
  const stored = async () => ((await (await fetch(api, { headers: auth })).json()) as { metadata: Record<string, unknown> }).metadata;

  /** Does something that saves the draft, and waits for the server's answer to that save. */
  async function saving(action: () => Promise<unknown>): Promise<Response> {
    const answer = page.waitForResponse((response) => response.url() === api && ['PUT', 'PATCH'].includes(response.request().method()));
    await action();
    return answer;
  }

  /** Walks the tree by keyboard to a node: from the top, down through rows, right to open the containers on the way. */
  async function goTo(pointer: string) {
    await page.keyboard.press('Home');
    for (let step = 0; step < 100; step++) {
      const at = await selected();
      if (at === pointer) return;
      const opens = at !== null && pointer.startsWith(`${at}/`) && (await row(at).getAttribute('aria-expanded')) === 'false';
      await page.keyboard.press(opens ? 'ArrowRight' : 'ArrowDown');
    }
    throw new Error(`${pointer} not reached by keyboard`);
  }

  /** Edits a scalar by keyboard: Enter opens it with its text selected, typing replaces it, Enter confirms. */
  async function type(pointer: string, text: string) {
    await goTo(pointer);
    await page.keyboard.press('Enter');
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  it('opens the draft in the Editor tab, a chunk fetched only then', async () => {
    await page.goto(api.replace('/api/deposits/', '/drafts/'));
    await page.locator('#root_analysis_title').waitFor();
    expect(scripts.some((path) => path.includes('DraftEditor'))).toBe(false);
    await page.getByRole('tab', { name: 'Editor' }).click();
    await row('/analysis_title').waitFor();
    expect(page.url()).toMatch(/\?tab=editor$/);
    expect(scripts.some((path) => path.includes('DraftEditor'))).toBe(true);
    await expect(row('/analysis_title').locator('.cx-value').textContent()).resolves.toBe('Untitled');
  });

  it('saves an edit made by keyboard as a JSON Patch with If-Match; a reload shows it', async () => {
    await page.locator('.cx-editor').focus();
    const save = await saving(() => type('/analysis_title', TITLE));
    expect(save.status()).toBe(200);
    expect(save.request().method()).toBe('PATCH');
    expect(await save.request().headerValue('content-type')).toBe('application/json-patch+json');
    expect(await save.request().headerValue('if-match')).toMatch(/^"\d+"$/);
    expect(save.request().postDataJSON()).toContainEqual({ op: 'replace', path: '/analysis_title', value: TITLE });
    await saved();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    expect((await stored()).analysis_title).toBe(TITLE);
    await screenshot(page, '16-draft-editor');

    await page.reload();
    await expect(row('/analysis_title').locator('.cx-value').textContent()).resolves.toBe(TITLE);
  });

  it('shows the edited values when switching back to the form', async () => {
    await page.locator('.cx-editor').focus();
    const save = await saving(async () => {
      await type('/researchers/0/family_name', 'Joliot-Curie');
      await page.getByRole('tab', { name: 'Metadata' }).click();
    });
    expect(save.request().method()).toBe('PATCH');
    await expect(page.locator('#root_analysis_title').inputValue()).resolves.toBe(TITLE);
    await expect(page.locator('#root_researchers_0_family_name').inputValue()).resolves.toBe('Joliot-Curie');
    await saved();
    expect((await stored()).researchers).toEqual([{ family_name: 'Joliot-Curie', orcid: VALID_ORCID }]);
    await page.getByRole('tab', { name: 'Editor' }).click();
  });

  it('when the server refuses a patch as such (400), sends the whole metadata instead, still with If-Match', async () => {
    // A patch the server cannot apply would be refused again with every later edit joined to it.
    let refusals = 0;
    await page.route(api, async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      refusals++;
      await route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ status: 400, message: 'Patch refused: /analysis_title does not exist.' }) });
    });
    try {
      await page.locator('.cx-editor').focus();
      const whole = page.waitForResponse((response) => response.url() === api && response.request().method() === 'PUT');
      await type('/analysis_title', `${TITLE}.`);
      const put = await whole;
      expect([refusals, put.status()]).toEqual([1, 200]);
      expect(await put.request().headerValue('if-match')).toMatch(/^"\d+"$/);
      expect(put.request().postDataJSON()).toMatchObject({ analysis_title: `${TITLE}.`, researchers: [{ family_name: 'Joliot-Curie' }] });
      await saved();
      expect((await stored()).analysis_title).toBe(`${TITLE}.`);
    } finally {
      await page.unroute(api);
    }
    const back = await saving(() => type('/analysis_title', TITLE));
    expect([back.request().method(), back.status()]).toEqual(['PATCH', 200]);
    await saved();
  });

  it('on a conflicting save, shows what changed and overwrites only when asked; later edits apply once', async () => {
    const elsewhere = await fetch(api, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/analysis_title', value: 'Renamed elsewhere' }]),
    });
    expect(elsewhere.status).toBe(200);
    await page.locator('.cx-editor').focus();
    const refused = await saving(() => type('/researchers/0/family_name', 'Curie'));
    expect([refused.request().method(), refused.status()]).toEqual(['PATCH', 412]);
    const dialog = page.getByRole('dialog', { name: 'This draft was changed by someone else' });
    await dialog.getByRole('cell', { name: 'Renamed elsewhere' }).waitFor();
    await dialog.getByRole('cell', { name: 'Joliot-Curie' }).waitFor();
    const overwrite = await saving(() => dialog.getByRole('button', { name: 'Overwrite with mine' }).click());
    expect([overwrite.request().method(), overwrite.status()]).toEqual(['PUT', 200]);
    await saved();
    expect(await stored()).toMatchObject({ analysis_title: TITLE, researchers: [{ family_name: 'Curie', orcid: VALID_ORCID }] });

    // An insertion sent twice would show twice: the one made after the overwrite goes once, as a patch.
    await page.locator('.cx-editor').focus();
    const duplicate = await saving(async () => {
      await goTo('/researchers/0');
      await page.keyboard.press('Control+D');
    });
    expect([duplicate.request().method(), duplicate.status()]).toEqual(['PATCH', 200]);
    await row('/researchers/1').waitFor();
    expect(((await stored()).researchers as unknown[]).length).toBe(2);
  });

  it('shows the server refusing a value (422) at its node, and clears it once fixed', async () => {
    const refused = await saving(() => type('/researchers/1/orcid', '0000-0002-1825-0090'));
    expect(refused.status()).toBe(422);
    await page.locator('[data-save-state=invalid]').waitFor();
    await row('/researchers/1/orcid').locator('.cx-error', { hasText: 'must match format "orcid"' }).waitFor();
    await page.locator('.cx-problems button', { hasText: '/researchers/1/orcid: must match format "orcid" (server)' }).waitFor({ state: 'attached' });
    await screenshot(page, '17-draft-editor-invalid');
    const fixed = await saving(() => type('/researchers/1/orcid', VALID_ORCID));
    expect(fixed.status()).toBe(200);
    await saved();
    await row('/researchers/1/orcid').locator('.cx-error').waitFor({ state: 'detached' });
    expect(((await stored()).researchers as { orcid: string }[])[1]!.orcid).toBe(VALID_ORCID);
  });

  it('lists what stops publishing; a missing field shows at its parent, where its link in the list leads', async () => {
    const removed = await saving(async () => {
      await goTo('/researchers/1/family_name');
      await page.keyboard.press('Delete');
    });
    expect(removed.status()).toBe(200);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('list', { name: 'Problems' }).getByRole('link', { name: /researchers › #2/ }).click();
    await expect(selected()).resolves.toBe('/researchers/1');
    await row('/researchers/1').locator('.cx-error', { hasText: 'family_name: This field is required.' }).waitFor();
    // Only publishing needs the field: the editor's own check of the draft, run since the edit, leaves it out.
    await expect(row('/researchers/1').locator('.cx-error').allTextContents()).resolves.toEqual(['family_name: This field is required.']);
    await expect(page.getByRole('tab', { name: 'Editor' }).getAttribute('aria-selected')).resolves.toBe('true');
  });

  it('ran under the strict policy: no injected style, no eval-compiled validator, no violation or script error', async () => {
    await expect(page.locator('style').count()).resolves.toBe(0);
    await expect(page.locator('link[rel=stylesheet][href*=DraftEditor]').count()).resolves.toBe(1);
    expect(scripts.filter((path) => path.includes('validator'))).toEqual([]);
    expect(scenario.errors).toEqual([]);
  });
});
