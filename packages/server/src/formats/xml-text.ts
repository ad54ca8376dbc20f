import { CapsuleError } from '../errors/capsule-error.js';

// Characters XML 1.0 cannot carry at all, even escaped.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkCharacters(value: string): void {
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    throw new CapsuleError('not_acceptable', `XML cannot hold the control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}.`);
  }
}

/** Text content, escaped for XML. */
export function xmlText(value: string): string {
  checkCharacters(value);
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value for double quotes; whitespace other than spaces is kept as character references. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** `<name attr="...">text</name>` with escaping; attributes whose value is undefined are left out. */
export function xmlElement(name: string, attributes: Record<string, string | undefined>, text: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttribute(v)}"`)
    .join('');
  return `<${name}${attrs}>${xmlText(text)}</${name}>`;
}
