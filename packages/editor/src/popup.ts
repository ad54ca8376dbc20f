/** A choice in a popup menu. */
export interface MenuItem {
  label: string;
  hint?: string;
  run: () => void;
}

/**
 * Small modal panels over the tree (help, menus, prompts). Focus moves into the panel and returns to the
 * editor when it closes; Escape closes, arrows move between choices.
 */
export class Popup {
  private element: HTMLDivElement | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly returnFocus: () => void,
  ) {}

  close(refocus = true): void {
    if (!this.element) return;
    this.element.remove();
    this.element = null;
    if (refocus) this.returnFocus();
  }

  menu(title: string, items: MenuItem[]): void {
    const panel = this.open(title);
    const buttons = items.map((item) => {
      const button = this.host.ownerDocument.createElement('button');
      button.textContent = item.hint ? `${item.label}  (${item.hint})` : item.label;
      button.addEventListener('click', () => {
        this.close();
        item.run();
      });
      return button;
    });
    panel.append(...buttons);
    panel.addEventListener('keydown', (event) => {
      const at = buttons.indexOf(event.target as HTMLButtonElement);
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        buttons[(at + (event.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
      }
    });
    buttons[0]?.focus();
  }

  prompt(title: string, initial: string, accept: (text: string) => void): void {
    const panel = this.open(title);
    const input = this.host.ownerDocument.createElement('input');
    input.value = initial;
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      event.stopPropagation();
      this.close();
      accept(input.value);
    });
    panel.append(input);
    input.focus();
    input.select();
  }

  /** A panel that leaves focus where it is (the type keys after Ctrl+.); the editor closes it. */
  hint(title: string, body: HTMLElement): void {
    this.open(title).append(body);
  }

  /** A read-only panel, e.g. the shortcut table; any key closes it. */
  info(title: string, body: HTMLElement): void {
    const panel = this.open(title);
    panel.append(body);
    panel.tabIndex = -1;
    panel.focus();
    panel.addEventListener('keydown', (event) => {
      event.preventDefault();
      this.close();
    });
  }

  private open(title: string): HTMLDivElement {
    this.close();
    const document = this.host.ownerDocument;
    const panel = document.createElement('div');
    panel.className = 'cx-popup';
    panel.setAttribute('role', 'dialog');
    const heading = document.createElement('h2');
    heading.textContent = title;
    panel.append(heading);
    // Keys inside the panel are the panel's; the tree's shortcuts must not see them.
    panel.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
    panel.addEventListener('focusout', (event) => {
      if (!panel.contains(event.relatedTarget as Node | null)) queueMicrotask(() => this.element === panel && this.close(false));
    });
    this.host.append(panel);
    this.element = panel;
    return panel;
  }
}
