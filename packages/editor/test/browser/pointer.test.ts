import { describe, expect, it } from 'vitest';
import { browserSession } from './session.js';

const session = browserSession();

describe('pointer', () => {
  it('dragging an item by its handle drops it in place of the item under the pointer', async () => {
    const editor = await session.open(8);
    const names = () => editor.value<{ name: string }[]>('/items').then((items) => items.map((item) => item.name));
    const before = await names();
    await editor.focus('/items');
    // Items of a short list start open; close them so that items 1 and 4 are both on screen.
    await editor.press('Shift+ArrowLeft', 'ArrowRight');
    const handle = await editor.row('/items/1').locator('.cx-handle').boundingBox();
    const target = await editor.row('/items/4').boundingBox();
    if (!handle || !target) throw new Error('rows not rendered');
    await editor.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await editor.page.mouse.down();
    await editor.page.mouse.move(target.x + 40, target.y + target.height / 2, { steps: 5 });
    expect(await editor.row('/items/4').getAttribute('class')).toContain('cx-drop-after');
    await editor.page.mouse.up();
    expect(await names()).toEqual([before[0], before[2], before[3], before[4], before[1], before[5], before[6], before[7]]);
    await editor.close();
  });

  it('a drag held at the bottom edge scrolls the list and carries the item far down', async () => {
    const editor = await session.open(2000);
    await editor.focus('/items/0');
    const handle = await editor.row('/items/0').locator('.cx-handle').boundingBox();
    const box = await editor.page.locator('.cx-scroller').boundingBox();
    if (!handle || !box) throw new Error('not rendered');
    await editor.page.mouse.move(handle.x + 5, handle.y + 5);
    await editor.page.mouse.down();
    await editor.page.mouse.move(handle.x + 5, box.y + box.height - 8, { steps: 4 });
    await editor.page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.cx-row:last-child')?.dataset.index) > 300);
    await editor.page.mouse.move(handle.x + 5, box.y + box.height / 2, { steps: 2 });
    await editor.page.mouse.up();
    const moved = await editor.page.evaluate(() => (window.editor.getValue() as { items: { name: string }[] }).items.findIndex((item) => item.name.endsWith('_0')));
    expect(moved).toBeGreaterThan(250);
    await editor.close();
  });

  it('clicking a toggle expands, double-clicking a value edits it', async () => {
    const editor = await session.open();
    await editor.row('/basic_info').locator('.cx-toggle').click();
    expect(await editor.row('/basic_info').getAttribute('aria-expanded')).toBe('false');
    await editor.row('/title').locator('.cx-value').dblclick();
    await editor.page.keyboard.press('Control+A');
    await editor.page.keyboard.type('Clicked');
    await editor.page.keyboard.press('Enter');
    expect(await editor.value('/title')).toBe('Clicked');
    await editor.close();
  });
});
