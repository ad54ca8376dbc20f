import type { ValidationIssue } from './document-validator.js';

/** Listing more than this many would cost more DOM than it helps; Ctrl+E still visits every node with a problem. */
const LISTED = 200;

/** The collapsible list of validation problems under the tree; choosing one jumps to its node. */
export class ProblemsList {
  readonly element: HTMLDetailsElement;

  constructor(
    private readonly document: Document,
    private readonly jump: (pointer: string) => void,
  ) {
    this.element = document.createElement('details');
    this.element.className = 'cx-problems';
    this.element.hidden = true;
  }

  show(issues: readonly ValidationIssue[]): void {
    const summary = this.document.createElement('summary');
    summary.textContent = `${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`;
    if (issues.length > LISTED) summary.textContent += ` (first ${LISTED} listed)`;
    const entries = issues.slice(0, LISTED).map((issue) => {
      const button = this.document.createElement('button');
      button.textContent = `${issue.pointer || '/'}: ${issue.message}${issue.source === 'server' ? ' (server)' : ''}`;
      button.addEventListener('click', () => this.jump(issue.pointer));
      return button;
    });
    this.element.replaceChildren(summary, ...entries);
    this.element.hidden = issues.length === 0;
  }
}
