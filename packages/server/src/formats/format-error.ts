import { CapsuleError, type FieldPath } from '../errors/capsule-error.js';

/** Where in a text input something went wrong; both 1-based. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Input that cannot be read (malformed XML, a bad TextMARC line). It carries the position as
 * numbers for programs and in the message for people; the field path says which record part, when known.
 */
export class FormatSyntaxError extends CapsuleError implements TextPosition {
  readonly line: number;
  readonly column: number;

  constructor(format: string, problem: string, position: TextPosition, field: FieldPath = []) {
    const message = `${format}, line ${position.line}, column ${position.column}: ${problem}`;
    super('bad_request', message, [{ field, message }]);
    this.name = 'FormatSyntaxError';
    this.line = position.line;
    this.column = position.column;
  }
}

/** A record that the requested format cannot express (406 over HTTP); the field errors name what is missing or unfit. */
export function notRepresentable(format: string, errors: { field: FieldPath; message: string }[]): CapsuleError {
  const what = errors.map((e) => e.message).join('; ');
  return new CapsuleError('not_acceptable', `This record cannot be given as ${format}: ${what}`, errors);
}
