import { describe, expect, it } from 'vitest';
import { browserSession } from './session.js';

const session = browserSession();

describe('React wrapper', () => {
  it('mounts the editor, reports patches, applies remote patches and cleans up on unmount', async () => {
    const editor = await session.open(5, '&react');
    await editor.focus('/title');
    await editor.press('Enter', 'Control+A');
    await editor.page.keyboard.type('Via React');
    await editor.press('Enter');
    expect((await editor.patches()).at(-1)).toEqual({ op: 'replace', path: '/title', value: 'Via React' });
    await editor.page.evaluate(() => window.react.sendRemote([{ op: 'replace', path: '/status', value: 'review' }]));
    // React renders later and the wrapper applies remote patches in an effect after that render.
    await expect.poll(() => editor.value('/status')).toBe('review');
    await expect.poll(() => editor.row('/status').locator('.cx-value').textContent()).toBe('review');
    await editor.page.evaluate(() => window.react.unmount());
    expect(await editor.page.locator('.cx-editor').count()).toBe(0);
    expect(editor.errors).toEqual([]);
    await editor.close();
  });
});
