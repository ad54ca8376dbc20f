import type { BenchAdapter } from './adapter.js';
import { generateRecord, generateSchema } from '../generate.js';

/** Resolves after the next frame and one task after it: by then the browser has rendered what the work changed. */
export function settled(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
}

/**
 * Resolves once the page has been idle for a whole idle period (about 50 ms with no task waiting), after a
 * short pause in which work an editor deferred after mounting (validation, caching) gets to start.
 */
export async function quiet(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const giveUp = performance.now() + 30_000;
  while (performance.now() < giveUp) {
    const deadline = await new Promise<IdleDeadline>((resolve) => requestIdleCallback(resolve));
    if (deadline.timeRemaining() >= 45) return;
  }
}

/** Measurement helpers the harness calls inside the page (`window.__measure`). */
export function createMeasure(adapter: BenchAdapter) {
  const keystrokes: number[] = [];
  /** Resolved as keys settle, so the harness waits for a key without polling the page (polling takes frames). */
  const waiting: { count: number; resolve: () => void }[] = [];
  const recordKeystroke = (ms: number) => {
    keystrokes.push(ms);
    for (const waiter of waiting.filter((w) => keystrokes.length >= w.count)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  document.addEventListener(
    'keydown',
    (event) => {
      // Only real key presses: an adapter's own synthetic keys (starting an edit) are not typing.
      if (!event.isTrusted) return;
      const start = performance.now();
      void settled().then((end) => recordKeystroke(end - start));
    },
    true,
  );
  const host = document.getElementById('host') as HTMLElement;
  let data: { record: unknown; schema: object } | null = null;
  const measure = {
    keystrokes,
    /** Resolves once `count` keys have settled since the list was last emptied. */
    keysSettled(count: number): Promise<void> {
      return new Promise((resolve) => (keystrokes.length >= count ? resolve() : waiting.push({ count, resolve })));
    },
    prepare(n: number): void {
      data = { record: generateRecord(n), schema: generateSchema() };
    },
    async mount(): Promise<number> {
      if (!data) throw new Error('prepare first');
      const start = performance.now();
      await adapter.mount(host, data.record, data.schema);
      const end = await settled();
      if ((host.innerText ?? '').trim().length === 0) throw new Error('nothing visible after mount');
      data = null;
      return end - start;
    },
    domNodes(): number {
      return document.getElementsByTagName('*').length;
    },
    async moveUp(index: number): Promise<number> {
      const start = performance.now();
      await adapter.moveUp(index);
      return (await settled()) - start;
    },
    quiet,
    focusField: (path: (string | number)[]) => adapter.focusField(path),
    /**
     * Focuses a plain text field beside the editor. Typing into it costs only the browser's own key handling
     * and frame, measured by the same rule: the floor under every editor's keystroke on this page.
     */
    focusFloor(): void {
      let input = document.getElementById('floor') as HTMLInputElement | null;
      if (!input) {
        input = document.createElement('input');
        input.id = 'floor';
        input.setAttribute('aria-label', 'floor');
        document.body.append(input);
      }
      input.focus();
    },
    itemName(index: number): string {
      return ((adapter.getValue() as { items: { name: string }[] }).items[index] as { name: string }).name;
    },
  };
  return measure;
}

export type Measure = ReturnType<typeof createMeasure>;

export function installMeasure(adapter: BenchAdapter): void {
  Object.assign(window, { __bench: adapter, __measure: createMeasure(adapter) });
}
