import { describe, expect, it } from 'vitest';
import { browserSession } from './session.js';

const session = browserSession();

describe('keyboard', () => {
  it('arrows move the selection; Right/Left expand, enter and collapse containers', async () => {
    const editor = await session.open();
    await editor.focus('/title');
    await editor.press('ArrowDown');
    expect(await editor.selected()).toBe('/cadi_id');
    await editor.press('ArrowUp', 'ArrowUp');
    expect(await editor.selected()).toBe('');
    await editor.focus('/basic_info');
    expect(await editor.row('/basic_info').getAttribute('aria-expanded')).toBe('true');
    await editor.press('ArrowLeft');
    expect(await editor.row('/basic_info').getAttribute('aria-expanded')).toBe('false');
    await editor.press('ArrowRight');
    expect(await editor.row('/basic_info').getAttribute('aria-expanded')).toBe('true');
    await editor.press('ArrowRight');
    expect(await editor.selected()).toBe('/basic_info/analysis_number');
    await editor.press('ArrowLeft');
    expect(await editor.selected()).toBe('/basic_info');
    await editor.close();
  });

  it('Enter edits, each keystroke is a patch, Enter confirms and Escape cancels', async () => {
    const editor = await session.open();
    await editor.focus('/title');
    await editor.press('Enter', 'Control+A');
    await editor.page.keyboard.type('Dark');
    await editor.press('Enter');
    expect(await editor.value('/title')).toBe('Dark');
    expect((await editor.patches()).at(-1)).toEqual({ op: 'replace', path: '/title', value: 'Dark' });
    await editor.press('Enter');
    await editor.page.keyboard.type(' matter');
    await editor.press('Escape');
    expect(await editor.value('/title')).toBe('Dark');
    expect(await editor.selected()).toBe('/title');
    await editor.close();
  });

  it('a document taken with getValue() while typing stays as it was, and Ctrl+Z after the run restores the field', async () => {
    const editor = await session.open();
    // No validation during the test: it would take the document too, and the keys after it would be copied anyway.
    await editor.page.evaluate(() => window.remount({ validationDelay: 60_000 }));
    await editor.page.locator('.cx-editor').focus();
    const original = await editor.value<string>('/items/0/name');
    await editor.focus('/items/0/name');
    await editor.press('Enter', 'End');
    await editor.page.keyboard.type('ab');
    const taken = await editor.page.evaluate(() => {
      const kept = window.editor.getValue();
      (window as unknown as { kept: unknown }).kept = kept;
      return JSON.stringify(kept);
    });
    await editor.page.keyboard.type('cd');
    await editor.press('Enter');
    expect(await editor.page.evaluate(() => JSON.stringify((window as unknown as { kept: unknown }).kept))).toBe(taken);
    expect(await editor.value('/items/0/name')).toBe(`${original}abcd`);
    expect(await editor.row('/items/0/name').locator('.cx-value').textContent()).toBe(`${original}abcd`);
    await editor.press('Control+z');
    expect(await editor.value('/items/0/name')).toBe(original);
    await editor.close();
  });

  it('a focus that moves out of the editor ends the edit, keeping what was typed', async () => {
    const editor = await session.open();
    await editor.focus('/title');
    await editor.press('Enter', 'Control+A');
    await editor.page.keyboard.type('Dark');
    await editor.page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await editor.row('/title').locator('.cx-input').waitFor({ state: 'detached' });
    expect(await editor.row('/title').locator('.cx-value').textContent()).toBe('Dark');
    expect(await editor.value('/title')).toBe('Dark');
    // Ended, not hidden: Escape now cancels nothing, so the typed value stays.
    await editor.page.locator('.cx-editor').focus();
    await editor.press('Escape');
    expect(await editor.value('/title')).toBe('Dark');
    await editor.close();
  });

  it('an editor destroyed during an edit ends it without touching its removed rows', async () => {
    const editor = await session.open();
    await editor.focus('/title');
    await editor.press('Enter', 'Control+A');
    await editor.page.keyboard.type('Dark');
    // Destroying removes the focused input, which blurs it; the blur's deferred end must find nothing to do.
    const removed = await editor.page.evaluate(async () => {
      const root = document.querySelector('.cx-editor')!;
      window.editor.destroy();
      const before = root.innerHTML;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { same: root.innerHTML === before, attached: root.isConnected };
    });
    expect(removed).toEqual({ same: true, attached: false });
    expect(editor.errors).toEqual([]);
    await editor.close();
  });

  it('an edit keeps its typing when a scroll moves its row to another row view', async () => {
    const editor = await session.open(200);
    await editor.page.locator('.cx-editor').focus();
    await editor.focus('/items/3/name');
    await editor.press('Enter', 'Control+A');
    await editor.page.keyboard.type('ab');
    const input = editor.page.locator('.cx-input');
    await input.evaluate((element) => element.closest<HTMLElement>('.cx-row')!.classList.add('view-before-scroll'));
    await editor.page.evaluate(async () => {
      const scroller = document.querySelector<HTMLElement>('.cx-scroller')!;
      scroller.scrollTop += 3 * scroller.querySelector<HTMLElement>('.cx-row')!.offsetHeight;
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });
    // The test means something only if the input did move to another view.
    expect(await input.evaluate((element) => element.closest('.cx-row')!.classList.contains('view-before-scroll'))).toBe(false);
    await editor.page.keyboard.type('cd');
    await editor.press('Enter');
    expect(await editor.value('/items/3/name')).toBe('abcd');
    await editor.close();
  });

  it('Tab confirms and moves to the next field, Shift+Tab to the previous', async () => {
    const editor = await session.open();
    await editor.focus('/title');
    await editor.press('Tab');
    expect(await editor.selected()).toBe('/cadi_id');
    await editor.press('Enter', 'End');
    await editor.page.keyboard.type('X');
    await editor.press('Tab');
    expect(await editor.value('/cadi_id')).toBe('EXO-21-001X');
    expect(await editor.selected()).toBe('/arxiv');
    expect(await editor.page.evaluate(() => document.activeElement?.className)).toBe('cx-input');
    await editor.press('Escape', 'Shift+Tab');
    expect(await editor.selected()).toBe('/cadi_id');
    await editor.close();
  });

  it('Insert adds an item with schema defaults, Delete removes, Ctrl+D duplicates, Ctrl+Z/Ctrl+Shift+Z undo and redo', async () => {
    const editor = await session.open(3);
    await editor.focus('/items/0');
    await editor.press('Insert');
    expect(await editor.value('/items/1')).toEqual({ name: '', kind: 'dataset' });
    expect(await editor.selected()).toBe('/items/1');
    await editor.press('Delete');
    expect(await editor.value<unknown[]>('/items')).toHaveLength(3);
    await editor.focus('/items/2');
    await editor.press('Control+d');
    expect(await editor.value('/items/3')).toEqual(await editor.value('/items/2'));
    await editor.press('Control+z');
    expect(await editor.value<unknown[]>('/items')).toHaveLength(3);
    await editor.press('Control+z', 'Control+z');
    expect(await editor.value<unknown[]>('/items')).toHaveLength(3);
    expect(await editor.value('/items/1/name')).not.toBe('');
    await editor.press('Control+Shift+Z');
    expect(await editor.value('/items/1')).toEqual({ name: '', kind: 'dataset' });
    await editor.close();
  });

  it('Insert on an object offers the properties the schema allows but the record lacks', async () => {
    const editor = await session.open();
    await editor.page.evaluate(() => window.editor.applyPatch([{ op: 'remove', path: '/items/0/contact' }]));
    await editor.focus('/items/0/name');
    await editor.press('Insert');
    const choices = await editor.page.locator('.cx-popup button').allTextContents();
    expect(choices).toContain('contact');
    await editor.page.locator('.cx-popup button', { hasText: 'contact' }).click();
    expect(await editor.value('/items/0/contact')).toEqual({ name: '' });
    await editor.close();
  });

  it('Ctrl+F finds keys and values, Enter/Shift+Enter go to the next and previous match', async () => {
    const editor = await session.open(5);
    await editor.press('Control+f');
    await editor.page.keyboard.type('contact');
    await editor.press('Enter');
    expect(await editor.selected()).toBe('/items/0/contact');
    await editor.press('Enter');
    expect(await editor.selected()).toBe('/items/1/contact');
    await editor.press('Shift+Enter', 'Shift+Enter');
    expect(await editor.selected()).toBe('/items/4/contact');
    await editor.page.locator('.cx-findbar input').fill('EXO-21');
    await editor.press('Enter');
    expect(await editor.selected()).toBe('/cadi_id');
    await editor.close();
  });

  it('Ctrl+C / Ctrl+V copy a subtree as JSON and paste it after the selected item', async () => {
    const editor = await session.open(3);
    await editor.focus('/items/0/contact');
    await editor.press('Control+c');
    await editor.focus('/items/2');
    await editor.press('Control+v');
    await editor.page.waitForFunction(() => (window.editor.getValue() as { items: unknown[] }).items.length === 4);
    expect(await editor.value('/items/3')).toEqual(await editor.value('/items/0/contact'));
    await editor.close();
  });

  it('Alt+Up/Down reorder items and Ctrl+M moves one to a typed index', async () => {
    const editor = await session.open(6);
    const names = () => editor.value<{ name: string }[]>('/items').then((items) => items.map((item) => item.name));
    const before = await names();
    await editor.focus('/items/3');
    await editor.press('Alt+ArrowUp');
    expect(await names()).toEqual([before[0], before[1], before[3], before[2], before[4], before[5]]);
    expect(await editor.selected()).toBe('/items/2');
    await editor.press('Alt+ArrowDown', 'Control+m');
    await editor.page.keyboard.type('0');
    await editor.press('Enter');
    expect((await names())[0]).toBe(before[3]);
    expect(await editor.selected()).toBe('/items/0');
    await editor.close();
  });

  it('Ctrl+. then a key changes the type, and so does the type menu', async () => {
    const editor = await session.open();
    await editor.focus('/energy_tev');
    await editor.press('Control+.', 's');
    expect(await editor.value('/energy_tev')).toBe('13');
    await editor.press('Control+.', 'a');
    expect(await editor.value('/energy_tev')).toEqual(['13']);
    await editor.row('/status').locator('.cx-type').click();
    await editor.page.locator('.cx-popup button', { hasText: 'null' }).click();
    expect(await editor.value('/status')).toBeNull();
    await editor.close();
  });

  it('? shows the shortcuts', async () => {
    const editor = await session.open();
    await editor.press('?');
    const help = editor.page.locator('.cx-popup');
    await expect.poll(() => help.textContent()).toContain('Ctrl+Shift+Z');
    expect(await help.textContent()).toContain('Alt+ArrowUp');
    await editor.press('Escape');
    expect(await help.count()).toBe(0);
    expect(editor.errors).toEqual([]);
    await editor.close();
  });
});
