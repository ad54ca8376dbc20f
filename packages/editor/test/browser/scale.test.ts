import { describe, expect, it } from 'vitest';
import { browserSession } from './session.js';

const session = browserSession();

describe('100,000 items', () => {
  it('opens with the large array collapsed, scrolls to the end, and edits there', async () => {
    const editor = await session.open(100_000);
    expect(await editor.row('/items').getAttribute('aria-expanded')).toBe('false');
    expect(await editor.page.locator('.cx-row').count()).toBeLessThan(100);
    await editor.focus('/items');
    await editor.press('ArrowRight', 'End');
    expect(await editor.selected()).toBe('/items/99999');
    await editor.press('ArrowRight', 'End');
    expect(await editor.selected()).toBe('/items/99999/created');
    await editor.press('ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowLeft');
    expect(await editor.selected()).toBe('/items/99999/contact');
    await editor.press('ArrowRight', 'ArrowDown', 'Enter', 'Control+A');
    await editor.page.keyboard.type('Last Person');
    await editor.press('Enter');
    expect(await editor.value('/items/99999/contact/name')).toBe('Last Person');
    expect(await editor.row('/items/99999/contact/name').locator('.cx-value').textContent()).toBe('Last Person');
    expect(await editor.page.locator('.cx-row').count()).toBeLessThan(100);
    await editor.close();
  });

  it('expands everything (more than a million rows) and still shows only the rows in view', async () => {
    const editor = await session.open(100_000);
    await editor.focus('');
    const started = Date.now();
    await editor.press('Shift+ArrowRight', 'End');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await editor.selected()).toBe('/items/99999/created');
    expect(await editor.page.locator('.cx-row').count()).toBeLessThan(100);
    await editor.press('Home');
    expect(await editor.selected()).toBe('');
    expect(editor.errors).toEqual([]);
    await editor.close();
  });
});
