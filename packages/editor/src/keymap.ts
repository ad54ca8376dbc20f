import type { JsonType } from './json.js';

/** Everything the keyboard can do in the tree. */
export type Command =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last'
  | 'expand' | 'collapse' | 'expandAll' | 'collapseAll'
  | 'edit' | 'nextField' | 'previousField'
  | 'insert' | 'remove' | 'duplicate' | 'moveUp' | 'moveDown' | 'moveTo'
  | 'undo' | 'redo' | 'find' | 'findNext' | 'findPrevious'
  | 'changeType' | 'help' | 'problems';

export interface Shortcut {
  /** Key chord as written in the help overlay and matched against events, e.g. "Ctrl+Shift+Z". */
  keys: string;
  command: Command;
  description: string;
}

export const shortcuts: readonly Shortcut[] = [
  { keys: 'ArrowUp', command: 'up', description: 'Previous row' },
  { keys: 'ArrowDown', command: 'down', description: 'Next row' },
  { keys: 'PageUp', command: 'pageUp', description: 'One page up' },
  { keys: 'PageDown', command: 'pageDown', description: 'One page down' },
  { keys: 'Home', command: 'first', description: 'First row' },
  { keys: 'End', command: 'last', description: 'Last row' },
  { keys: 'ArrowRight', command: 'expand', description: 'Expand, or go to the first child' },
  { keys: 'ArrowLeft', command: 'collapse', description: 'Collapse, or go to the parent' },
  { keys: 'Shift+ArrowRight', command: 'expandAll', description: 'Expand everything below' },
  { keys: 'Shift+ArrowLeft', command: 'collapseAll', description: 'Collapse everything below' },
  { keys: 'Enter', command: 'edit', description: 'Edit the value (Enter again to confirm, Escape to cancel)' },
  { keys: 'Tab', command: 'nextField', description: 'Next field' },
  { keys: 'Shift+Tab', command: 'previousField', description: 'Previous field' },
  { keys: 'Insert', command: 'insert', description: 'Add an item or property (schema defaults)' },
  { keys: 'Delete', command: 'remove', description: 'Remove' },
  { keys: 'Ctrl+D', command: 'duplicate', description: 'Duplicate' },
  { keys: 'Alt+ArrowUp', command: 'moveUp', description: 'Move item up' },
  { keys: 'Alt+ArrowDown', command: 'moveDown', description: 'Move item down' },
  { keys: 'Ctrl+M', command: 'moveTo', description: 'Move item to an index' },
  { keys: 'Ctrl+Z', command: 'undo', description: 'Undo' },
  { keys: 'Ctrl+Shift+Z', command: 'redo', description: 'Redo' },
  { keys: 'Ctrl+Y', command: 'redo', description: 'Redo' },
  { keys: 'Ctrl+F', command: 'find', description: 'Find in keys and values' },
  { keys: 'F3', command: 'findNext', description: 'Next match' },
  { keys: 'Shift+F3', command: 'findPrevious', description: 'Previous match' },
  { keys: 'Ctrl+.', command: 'changeType', description: 'Change type: then s, n, b, l (null), o, a' },
  { keys: 'Ctrl+E', command: 'problems', description: 'Go to the next validation problem' },
  { keys: '?', command: 'help', description: 'This help' },
];

/** Ctrl+C / Ctrl+V go through the browser's copy and paste events, so they work with the system clipboard. */
export const clipboardShortcuts = [
  { keys: 'Ctrl+C', description: 'Copy the selected subtree as JSON' },
  { keys: 'Ctrl+V', description: 'Paste JSON: after the selected item, or in place of the selected value' },
] as const;

/** The key that picks each type after Ctrl+. */
export const typeKeys: Record<string, JsonType> = { s: 'string', n: 'number', b: 'boolean', l: 'null', o: 'object', a: 'array' };

const byChord = new Map(shortcuts.map((shortcut) => [shortcut.keys, shortcut.command]));

/** The chord an event spells, in the same notation as `shortcuts` (Cmd counts as Ctrl on macOS). */
function chordOf(event: KeyboardEvent): string {
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  // A printable key already carries its shift ("?" is Shift+/), so Shift is only named for named keys.
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  if (event.shiftKey && (event.key.length > 1 || parts.length > 0)) parts.push('Shift');
  parts.push(key === 'Del' ? 'Delete' : key);
  return parts.join('+');
}

export function commandFor(event: KeyboardEvent): Command | undefined {
  return byChord.get(chordOf(event));
}
