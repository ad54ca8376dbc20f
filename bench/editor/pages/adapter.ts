/**
 * What every benchmark page exposes as `window.__bench`, so any harness can drive any editor the same way.
 * `mount` resolves when the editor has rendered.
 */
export interface BenchAdapter {
  mount(element: HTMLElement, json: unknown, schema: object): Promise<void>;
  getValue(): unknown;
  unmount(): void;
  /** Puts keyboard focus in the text field of `path` (a string leaf), ready to type. */
  focusField(path: (string | number)[]): Promise<void>;
  /** Moves items[index] up by one, through the editor's own interface (its API where it has no UI for it). */
  moveUp(index: number): Promise<void>;
}
