import type { IconButtonProps } from '@rjsf/utils';

type ButtonProps = IconButtonProps & { title?: string };

/**
 * The form's array buttons as text, not icon fonts: readable without a font download and named
 * for screen readers. `symbol` is what shows; the title is the accessible name.
 */
function textButton(symbol: string, name: string, danger = false) {
  return function TextButton({ iconType: _iconType, icon: _icon, uiSchema: _uiSchema, registry: _registry, className, title, ...props }: ButtonProps) {
    return (
      <button type="button" className={`button button-small${danger ? ' button-danger' : ''} ${className ?? ''}`} aria-label={title ?? name} title={title ?? name} {...props}>
        {symbol}
      </button>
    );
  };
}

/** Which list an add button adds to, from its id: "root_physics_objects_0_trigger__add" -> "physics objects 1 trigger". */
function listNameOf(id: string): string {
  return id
    .replace(/^root_?/, '')
    .replace(/__add$/, '')
    .split('_')
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part))
    .join(' ') || 'the analysis';
}

export const formButtons = {
  AddButton: ({ id, onClick, disabled, className }: ButtonProps) => (
    <button type="button" id={id} className={`button button-small ${className ?? ''}`} onClick={onClick} disabled={disabled} aria-label={id ? `Add to ${listNameOf(id)}` : undefined}>
      + Add
    </button>
  ),
  MoveUpButton: textButton('↑', 'Move up'),
  MoveDownButton: textButton('↓', 'Move down'),
  CopyButton: textButton('⧉', 'Copy'),
  RemoveButton: textButton('✕', 'Remove', true),
  ClearButton: textButton('✕', 'Clear'),
};
