import { CapsuleError } from '../errors/capsule-error.js';
import type { JsonSchema } from './schema-types.js';
import { parseSchemaUrl, type SchemaAddress } from './schema-urls.js';

type Load = (address: SchemaAddress) => Promise<JsonSchema | undefined>;

/**
 * The schema with every `$ref` replaced by what it points to, for clients that cannot
 * resolve references themselves (CAP's `?resolve=True`). A reference back into a schema
 * that is still being inlined (recursion) is left as an absolute `$ref`.
 */
export async function inlineRefs(schema: JsonSchema, url: string, load: Load): Promise<JsonSchema> {
  return (await inline(schema, url, schema, [], load)) as JsonSchema;
}

async function inline(node: unknown, baseUrl: string, root: JsonSchema, stack: string[], load: Load): Promise<unknown> {
  if (Array.isArray(node)) return Promise.all(node.map((n) => inline(n, baseUrl, root, stack, load)));
  if (typeof node !== 'object' || node === null) return node;

  const { $ref, ...rest } = node as Record<string, unknown>;
  const siblings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) siblings[k] = await inline(v, baseUrl, root, stack, load);
  if (typeof $ref !== 'string') return siblings;

  const target = new URL($ref, baseUrl);
  const docUrl = target.href.split('#')[0]!;
  if (stack.includes(target.href)) return { ...siblings, $ref: target.href };

  let doc: JsonSchema | undefined = root;
  if (docUrl !== baseUrl) {
    const address = parseSchemaUrl(docUrl);
    doc = address && (await load(address));
  }
  if (doc === undefined) throw new CapsuleError('bad_request', `$ref ${target.href} resolves nowhere.`);
  const fragment = decodeURIComponent(target.hash.slice(1));
  const pointed = resolvePointer(doc, fragment, target.href);
  const inlined = await inline(pointed, docUrl, doc, [...stack, target.href], load);
  if (typeof inlined !== 'object' || inlined === null) return Object.keys(siblings).length ? { allOf: [inlined], ...siblings } : inlined;
  const { $id: _id, $schema: _schema, ...body } = inlined as Record<string, unknown>;
  // Annotations written beside the $ref (title, description) describe this use of it and win.
  return { ...body, ...siblings };
}

function resolvePointer(doc: unknown, pointer: string, ref: string): unknown {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) throw new CapsuleError('bad_request', `$ref ${ref}: only JSON Pointer fragments are supported.`);
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(token in node)) {
      throw new CapsuleError('bad_request', `$ref ${ref} resolves nowhere.`);
    }
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
