import { SaxesParser } from 'saxes';

/** A parsed XML element, for checking what a serializer wrote. */
export interface XmlElement {
  uri: string;
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses a whole document with namespaces into a tree (tests only: documents are small). */
export function parseXmlTree(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      uri: tag.uri,
      name: tag.local,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    stack.push(element);
    root ??= element;
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

export const child = (e: XmlElement | undefined, name: string) => e?.children.find((c) => c.name === name);
export const childrenNamed = (e: XmlElement | undefined, name: string) => e?.children.filter((c) => c.name === name) ?? [];
