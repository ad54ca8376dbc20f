import { describe, expect, it } from 'vitest';
import { browserSession } from './session.js';

const session = browserSession();

describe('validation display', () => {
  it('shows schema errors at their node and in a list that jumps to them', async () => {
    const editor = await session.open(5);
    await editor.focus('/items/3/name');
    await editor.press('Enter', 'End');
    await editor.page.keyboard.type(' bad');
    await editor.press('Enter');
    const problems = editor.page.locator('.cx-problems');
    await expect.poll(() => problems.locator('summary').textContent()).toBe('1 problem');
    expect(await editor.row('/items/3/name').locator('.cx-error').textContent()).toContain('must match pattern');
    // The message makes its row taller; the next row starts where it ends.
    const errored = await editor.row('/items/3/name').boundingBox();
    const next = await editor.row('/items/3/kind').boundingBox();
    expect(errored?.height).toBeGreaterThan(30);
    expect(next?.y).toBeCloseTo((errored?.y ?? 0) + (errored?.height ?? 0), 0);
    await editor.focus('/title');
    await problems.locator('summary').click();
    await problems.locator('button').first().click();
    expect(await editor.selected()).toBe('/items/3/name');
    await editor.press('Control+z');
    await expect.poll(() => problems.isHidden()).toBe(true);
    await editor.close();
  });

  it('flags a malformed identifier while it is typed', async () => {
    const editor = await session.open();
    await editor.focus('/doi');
    await editor.press('Enter', 'Control+A');
    await editor.page.keyboard.type('doi:10.1000');
    expect(await editor.page.locator('.cx-input').getAttribute('class')).toContain('cx-invalid');
    await editor.press('Control+A');
    await editor.page.keyboard.type('10.1000/abc');
    expect(await editor.page.locator('.cx-input').getAttribute('class')).not.toContain('cx-invalid');
    await editor.close();
  });

  it('offers enum values as choices', async () => {
    const editor = await session.open();
    await editor.focus('/status');
    await editor.press('Enter');
    const select = editor.page.locator('select.cx-input');
    expect(await select.locator('option').allTextContents()).toEqual(['draft', 'review', 'published']);
    await select.selectOption({ label: 'review' });
    expect(await editor.value('/status')).toBe('review');
    await editor.close();
  });

  it("shows the server's 422 issues beside the schema's", async () => {
    const editor = await session.open();
    await editor.page.evaluate(() => window.editor.setServerIssues([{ pointer: '/cadi_id', message: 'already used by another analysis' }]));
    expect(await editor.row('/cadi_id').locator('.cx-error').textContent()).toBe('already used by another analysis');
    expect(await editor.page.locator('.cx-problems summary').textContent()).toBe('1 problem');
    await editor.close();
  });

  it('going to a problem whose node is gone does nothing, even past the end of an array', async () => {
    const editor = await session.open(3);
    await editor.focus('/title');
    await editor.page.evaluate(() => window.editor.setServerIssues([{ pointer: '/items/7/name', message: 'no such item any more' }]));
    const problems = editor.page.locator('.cx-problems');
    await problems.locator('summary').click();
    await problems.locator('button').first().click();
    await editor.focus('/items/x');
    expect(await editor.selected()).toBe('/title');
    expect(editor.errors).toEqual([]);
    await editor.close();
  });

  it("a container's label follows the oneOf variant that a value typed inside it picks, key by key", async () => {
    const editor = await session.open();
    const variant = (title: string, type: string) => ({ title, required: ['type'], properties: { type: { const: type } } });
    const detector = { type: 'object', properties: { type: { type: 'string' } }, oneOf: [variant('Collider', 'collider'), variant('Fixed target', 'fixed')] };
    // Validating hands the document out, after which the next key copies again: here it waits until the typing is done.
    await editor.page.evaluate((schema) => window.remount({ value: { detector: { type: 'unknown' } }, schema: { type: 'object', properties: { detector: schema } }, validationDelay: 60_000 }), detector);
    await editor.page.locator('.cx-editor').focus();
    const label = editor.row('/detector').locator('.cx-key');
    expect(await label.textContent()).toBe('detector');
    await editor.focus('/detector/type');
    await editor.press('Enter', 'Control+A');
    // The first key copies the path; the others are written into those copies, and the label must still follow.
    await editor.page.keyboard.type('collide');
    expect(await label.textContent()).toBe('detector');
    await editor.page.keyboard.type('r');
    expect(await label.textContent()).toBe('Collider');
    await editor.close();
  });

  it('marks required properties and shows labels and descriptions from the schema', async () => {
    const editor = await session.open();
    expect(await editor.row('/title').locator('.cx-required').textContent()).toBe('*');
    expect(await editor.row('/doi').locator('.cx-required').textContent()).toBe('');
    expect(await editor.row('/energy_tev').locator('.cx-key').textContent()).toBe('Centre-of-mass energy (TeV)');
    await editor.close();
  });
});
