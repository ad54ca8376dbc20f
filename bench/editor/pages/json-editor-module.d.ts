/** @json-editor/json-editor ships no types; the benchmark needs only its constructor. */
declare module '@json-editor/json-editor' {
  export const JSONEditor: unknown;
}
