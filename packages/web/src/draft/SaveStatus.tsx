import type { SaveState } from './use-autosave.js';

const TEXT: Record<SaveState['kind'], string> = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes…',
  saving: 'Saving…',
  conflict: 'Not saved: changed elsewhere',
  invalid: 'Not saved: fix the marked fields',
  failed: 'Not saved',
};

/** Where autosave stands, announced politely to screen readers. */
export function SaveStatus({ state }: { state: SaveState }) {
  return (
    <span className={state.kind === 'saved' || state.kind === 'saving' || state.kind === 'unsaved' ? 'muted' : 'field-error'} role="status" aria-live="polite" data-save-state={state.kind}>
      {TEXT[state.kind]}
      {state.kind === 'failed' ? `: ${state.message}` : ''}
    </span>
  );
}
