import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, SCREENSHOT_DIR } from './support/browser.js';
import { browserScenario } from './support/browser-scenario.js';
import type { CapsuleInstance } from './support/capsule-instance.js';

const COLLABORATOR = { email: 'marie@example.org', password: 'a collaborator password' };
/** An administrator other than the one who makes the analysis. */
const OTHER_ADMIN = { email: 'operator@example.org', password: 'an operator password' };
const TITLE = 'Dimuon resonance search';
const FILE = { name: 'selection.C', mimeType: 'text/plain', buffer: Buffer.from('// the event selection\nvoid selection() {}\n') };

/**
 * One analysis from nothing to a second published version, the way a physicist does it in the
 * browser; each step relies on the ones before it.
 */
describe('the web application, in a browser', () => {
  const scenario = browserScenario();
  let capsule: CapsuleInstance;
  let page: Page;
  let draftUrl: string;

  beforeAll(async () => {
    ({ capsule, page } = scenario);
    await capsule.server.capsule.accounts.addUser(COLLABORATOR.email, { password: COLLABORATOR.password });
    await capsule.server.capsule.accounts.addUser(OTHER_ADMIN.email, { password: OTHER_ADMIN.password, isAdmin: true });
  });

  afterAll(() => console.info(`screenshots in ${SCREENSHOT_DIR}`));

  const field = (id: string) => page.locator(`#root_${id}`);
  const fieldError = (id: string) => page.locator(`#root_${id}__error`);
  const saved = () => page.locator('[data-save-state=saved]').waitFor();

  async function signIn(who: { email: string; password: string }) {
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Capsule' }).waitFor();
  }

  it('signs in with the first administrator, whose password the first start wrote down', async () => {
    await page.goto(`${capsule.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Capsule' }).waitFor();
    expect(page.url()).toContain('/signin?next=');
    await expect(page.getByText('var/first-admin.txt').isVisible()).resolves.toBe(true);
    await screenshot(page, '01-sign-in');
    await signIn({ email: 'admin@capsule.local', password: 'wrong' });
    await page.getByText('Wrong email or password.').waitFor();
    await signIn(capsule.admin);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await screenshot(page, '02-dashboard');
  });

  it('creates a CMS analysis from the schemas the user may use', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New analysis' }).click();
    await page.getByRole('heading', { name: 'CMS Analysis' }).waitFor();
    await screenshot(page, '03-new-analysis');
    await page.getByRole('button', { name: 'Create a CMS Analysis' }).click();
    await page.waitForURL(/\/drafts\/[\w-]+$/);
    draftUrl = page.url();
    await field('analysis_title').waitFor();
  });

  it('fills nested fields: a physics object with a trigger and run period, a dataset, a researcher', async () => {
    await field('analysis_title').fill(TITLE);
    await field('working_group').selectOption('EXO');
    await page.locator('#root_physics_objects__add').click();
    await field('physics_objects_0_physics_object').selectOption('muon');
    await page.locator('#root_physics_objects_0_trigger__add').click();
    await field('physics_objects_0_trigger_0_name').fill('HLT_Mu15_v2');
    await page.locator('#root_physics_objects_0_trigger_0_run_period__add').click();
    await field('physics_objects_0_trigger_0_run_period_0_start_run').fill('146428');
    await field('physics_objects_0_trigger_0_run_period_0_end_run').fill('148058');
    await field('physics_objects_0_trigger_0_run_period_0_era').fill('Run2010B');
    await page.locator('#root_input_datasets__add').click();
    await field('input_datasets_0_title').fill('/Mu/Run2010B-Apr21ReReco-v1/AOD');
    await field('input_datasets_0_year').fill('2010');
    await page.locator('#root_researchers__add').click();
    await field('researchers_0_family_name').fill('Curie');
  });

  it('shows a wrong ORCID at its field, and clears it once corrected', async () => {
    await field('researchers_0_orcid').fill('0000-0002-1825-0090');
    await expect(fieldError('researchers_0_orcid').textContent()).resolves.toContain('orcid');
    await screenshot(page, '04-draft-orcid-error');
    await field('researchers_0_orcid').fill('0000-0002-1825-0097');
    await expect(fieldError('researchers_0_orcid').count()).resolves.toBe(0);
  });

  it('saves, and a reload shows what was saved', async () => {
    await page.getByRole('button', { name: 'Save now' }).click();
    await saved();
    await page.reload();
    await expect(field('analysis_title').inputValue()).resolves.toBe(TITLE);
    await expect(field('physics_objects_0_trigger_0_name').inputValue()).resolves.toBe('HLT_Mu15_v2');
    await expect(field('physics_objects_0_trigger_0_run_period_0_end_run').inputValue()).resolves.toBe('148058');
    await expect(field('input_datasets_0_title').inputValue()).resolves.toBe('/Mu/Run2010B-Apr21ReReco-v1/AOD');
    await screenshot(page, '05-draft-form');
  });

  it('on a conflicting save, shows what changed and overwrites only when asked', async () => {
    const { token } = await capsule.server.capsule.accounts.createToken(capsule.admin.email, { name: 'elsewhere' });
    const api = `${capsule.url}/api/deposits/${draftUrl.split('/').at(-1)}`;
    const auth = { authorization: `Bearer ${token}` };
    const elsewhere = await fetch(api, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/analysis_title', value: 'Renamed elsewhere' }]),
    });
    expect(elsewhere.status).toBe(200);
    await field('abstract').fill('A search for new resonances decaying to two muons.');
    const dialog = page.getByRole('dialog', { name: 'This draft was changed by someone else' });
    await dialog.getByRole('cell', { name: 'Renamed elsewhere' }).waitFor();
    await dialog.getByRole('cell', { name: TITLE }).waitFor();
    await screenshot(page, '06-conflict');
    await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
    await saved();
    const stored = (await (await fetch(api, { headers: auth })).json()) as { metadata: { analysis_title: string; abstract: string } };
    expect(stored.metadata.analysis_title).toBe(TITLE);
    expect(stored.metadata.abstract).toContain('two muons');
  });

  it('uploads a file and lists it with its size and checksum', async () => {
    await page.getByRole('tab', { name: /Files/ }).click();
    await page.getByLabel('Upload files').setInputFiles(FILE);
    const md5 = createHash('md5').update(FILE.buffer).digest('hex');
    await page.getByRole('cell', { name: `md5:${md5}` }).waitFor();
    await expect(page.getByRole('link', { name: FILE.name }).getAttribute('href')).resolves.toMatch(/\/api\/files\/[\w-]+\/selection\.C$/);
    await screenshot(page, '07-draft-files');
  });

  it('adds a collaborator as reader', async () => {
    await page.getByRole('button', { name: 'Share…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share this analysis' });
    await dialog.getByLabel('Email', { exact: true }).fill(COLLABORATOR.email);
    await dialog.getByLabel('Access', { exact: true }).selectOption('read');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByRole('button', { name: `Remove ${COLLABORATOR.email} as read` }).waitFor();
    await screenshot(page, '08-permissions');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog.isVisible()).resolves.toBe(false);
  });

  it('shows the draft read-only to the collaborator', async () => {
    await signOut();
    await page.goto(draftUrl);
    await signIn(COLLABORATOR);
    await page.getByText('You can read this analysis, but not change it.').waitFor();
    await expect(field('analysis_title').inputValue()).resolves.toBe(TITLE);
    await expect(field('analysis_title').isEditable()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Publish' }).count()).resolves.toBe(0);
    await screenshot(page, '09-draft-read-only');
    await page.goto(`${capsule.url}/`);
    await page.getByRole('heading', { name: 'Shared with me' }).waitFor();
    await page.getByRole('link', { name: TITLE }).waitFor();
    await signOut();
  });

  it('refuses to publish with a required field missing, lists it, and publishes once it is fixed', async () => {
    await page.goto(draftUrl);
    await signIn(capsule.admin);
    await page.locator('#root_researchers__add').click();
    await field('researchers_1_givenname').fill('Lise');
    await page.getByRole('button', { name: 'Publish' }).click();
    const summary = page.getByRole('list', { name: 'Problems' });
    await summary.waitFor();
    const problem = summary.getByRole('link', { name: /researchers › #2/ });
    await problem.waitFor();
    await screenshot(page, '10-publish-refused');
    await problem.click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('root_researchers_1_family_name');
    await page.keyboard.type('Meitner');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/records\/CAP\.CMS\./);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await expect(page.getByRole('link', { name: '0000-0002-1825-0097' }).getAttribute('href')).resolves.toBe('https://orcid.org/0000-0002-1825-0097');
    await screenshot(page, '11-record');
  });

  it('exports the record in a chosen format', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'MARCXML' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^CAP\.CMS\.[\w.]+-v1\.marc\.xml$/);
    expect(await readFile(await file.path(), 'utf8')).toContain(TITLE);
  });

  it('offers Edit on the record only to those the server lets change the draft', async () => {
    const recordUrl = page.url();
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    await signOut();
    const draftAnswer = page.waitForResponse((response) => response.url().endsWith(`/api/deposits/${draftUrl.split('/').at(-1)}`));
    await page.goto(recordUrl);
    await signIn(COLLABORATOR);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    expect((await draftAnswer).status()).toBe(200);
    // The answer has been rendered once a frame and a task have passed.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    await expect(page.getByRole('button', { name: 'Edit', exact: true }).count()).resolves.toBe(0);
    await signOut();
    // An administrator may change any analysis, one they did not make and were not given included.
    await page.goto(recordUrl);
    await signIn(OTHER_ADMIN);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    await expect(page.getByRole('button', { name: 'Edit', exact: true }).isEnabled()).resolves.toBe(true);
    await signOut();
    await page.goto(`${capsule.url}/signin`);
    await signIn(capsule.admin);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  it('finds the analysis through search with a facet, the state kept in the URL', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Query').fill('dimuon');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The collection's own facets appear once the collection is chosen. A facet is a controlled
    // checkbox whose state comes from the URL, and the router commits URL changes in a transition:
    // the box shows checked a moment after the click, so wait for that rather than check().
    await page.getByRole('checkbox', { name: /cms-analysis \(1\)/ }).click();
    await page.waitForURL(/collection=cms-analysis/);
    await page.getByRole('checkbox', { name: /cms-analysis/, checked: true }).waitFor();
    await page.getByRole('checkbox', { name: /EXO/ }).click();
    await page.waitForURL(/working_group=EXO/);
    await page.getByRole('checkbox', { name: /EXO/, checked: true }).waitFor();
    await page.getByRole('link', { name: TITLE }).waitFor();
    await page.reload();
    await expect(page.getByRole('checkbox', { name: /EXO/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('link', { name: TITLE }).waitFor();
    await screenshot(page, '12-search');
  });

  it('edits and publishes again; version 2 shows, version 1 stays readable', async () => {
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.waitForURL(/\/drafts\//);
    await field('analysis_title').fill(`${TITLE} in 2010 data`);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/records\//);
    await page.getByText('Version 2 of 2').waitFor();
    await page.getByRole('heading', { name: `${TITLE} in 2010 data` }).waitFor();
    await page.getByRole('link', { name: 'Version 1' }).click();
    await page.getByRole('heading', { name: TITLE, exact: true }).waitFor();
    await page.getByText('Version 1 of 2').waitFor();
  });

  it('shows the history with a readable difference between two revisions', async () => {
    await page.goto(draftUrl);
    await page.getByRole('tab', { name: 'History' }).click();
    const revisions = page.getByRole('table', { name: 'Revisions' });
    await revisions.waitFor();
    await expect(revisions.getByRole('cell', { name: capsule.admin.email }).count()).resolves.toBeGreaterThan(1);
    await page.getByLabel('From').selectOption({ index: 0 });
    const changes = page.getByRole('table', { name: /Changes from revision 0/ });
    await changes.getByRole('cell', { name: 'analysis title' }).waitFor();
    await changes.getByRole('cell', { name: `${TITLE} in 2010 data` }).waitFor();
    await screenshot(page, '13-history');
  });

  it('browses schemas and makes a token that is shown once', async () => {
    await page.goto(`${capsule.url}/schema-browser/cms-analysis/1.0.0`);
    await page.getByRole('heading', { name: 'CMS Analysis 1.0.0' }).waitFor();
    await page.getByText('Physics objects', { exact: true }).first().waitFor();
    await screenshot(page, '14-schemas');
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByLabel('Name').fill('laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByLabel('New token').inputValue()).resolves.toMatch(/\S{20,}/);
    await page.getByRole('button', { name: 'Revoke laptop' }).waitFor();
    await screenshot(page, '15-tokens');
  });

  it('reported no script errors and no policy violations on any page', () => {
    expect(scenario.errors).toEqual([]);
  });
});
