import type { BenchAdapter } from './adapter.js';
import { generateRecord, generateSchema } from '../generate.js';

/** Resolves after the next frame and one task after it: by then the browser has rendered what the work changed. */
export function settled(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
}

/** Measurement helpers the harness calls inside the page (`window.__measure`). */
export function createMeasure(adapter: BenchAdapter) {
  const keystrokes: number[] = [];
  document.addEventListener(
    'keydown',
    () => {
      const start = performance.now();
      void settled().then((end) => keystrokes.push(end - start));
    },
    true,
  );
  const host = document.getElementById('host') as HTMLElement;
  let data: { record: unknown; schema: object } | null = null;
  const measure = {
    keystrokes,
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
    focusField: (path: (string | number)[]) => adapter.focusField(path),
    value: () => adapter.getValue(),
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
