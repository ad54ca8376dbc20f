import { isContainer, typeOf, valueAt, type JsonValue, type Path } from './json.js';
import type { JsonSchema } from './json-schema.js';
import { pointerTokens } from './json-pointer.js';

/** What the editor shows about one node, read from the schema that governs it. */
export interface NodeSchema {
  schema: JsonSchema;
  title: string | undefined;
  description: string | undefined;
  enum: JsonValue[] | undefined;
  format: string | undefined;
  readOnly: boolean;
  /** The alternatives of a `oneOf`/`anyOf`, and which one the current value matches. */
  variants: JsonSchema[] | undefined;
  variant: number;
}

const empty: JsonSchema = {};

/**
 * Finds the schema for any path of a document. Lookups walk from the root through `$ref`, `allOf`, the
 * variant of `oneOf`/`anyOf` that fits the value, `properties`/`patternProperties`/`additionalProperties`
 * and `prefixItems`/`items`; each step is cached per schema object, so a row costs O(depth).
 */
export class SchemaIndex {
  private readonly childCache = new WeakMap<JsonSchema, Map<string, JsonSchema>>();
  private readonly resolved = new WeakMap<JsonSchema, JsonSchema>();

  /**
   * Whether any part of the schema offers alternatives (`oneOf`/`anyOf`). Without them, what the schema says
   * about a node depends on its path alone, never on the values in the document.
   */
  readonly hasAlternatives: boolean;

  constructor(private readonly root: JsonSchema = empty) {
    this.hasAlternatives = containsAlternatives(root);
  }

  /** The schema for `path`, resolved against the values along it (variants depend on them). */
  at(doc: JsonValue, path: Path): JsonSchema {
    let schema = this.resolve(this.root);
    let value: JsonValue | undefined = doc;
    for (const key of path) {
      schema = this.resolve(this.child(this.withVariant(schema, value), key));
      value = isContainer(value) ? (value as Record<string | number, JsonValue>)[key] : undefined;
    }
    return schema;
  }

  describe(doc: JsonValue, path: Path, value: JsonValue): NodeSchema {
    const schema = this.at(doc, path);
    const variants = schema.oneOf ?? schema.anyOf;
    const variant = variants ? this.matchingVariant(variants, value) : -1;
    const effective = variants && variant >= 0 ? { ...schema, ...this.resolve(variants[variant] as JsonSchema) } : schema;
    return {
      schema: effective,
      title: effective.title,
      description: effective.description,
      enum: effective.enum ?? (effective.const !== undefined ? [effective.const] : undefined),
      format: effective.format,
      readOnly: effective.readOnly === true,
      variants: variants?.map((v) => this.resolve(v)),
      variant,
    };
  }

  /** Whether `key` is listed in `required` of the object schema at `parentPath`. */
  isRequired(doc: JsonValue, parentPath: Path, key: string | number): boolean {
    if (typeof key === 'number') return false;
    const parentValue = valueAt(doc, parentPath);
    const schema = this.withVariant(this.at(doc, parentPath), parentValue);
    return this.allRequired(schema).includes(key);
  }

  /** Properties the schema names that `value` (an object at `path`) does not have yet, required ones first. */
  missingProperties(doc: JsonValue, path: Path, value: JsonValue): string[] {
    if (!isContainer(value) || Array.isArray(value)) return [];
    const schema = this.withVariant(this.at(doc, path), value);
    const required = this.allRequired(schema);
    const names = [...new Set([...required, ...this.propertyNames(schema)])];
    return names.filter((name) => !Object.hasOwn(value, name));
  }

  /** Whether the object at `path` may take properties the schema does not name. */
  allowsAdditional(doc: JsonValue, path: Path): boolean {
    return this.withVariant(this.at(doc, path), valueAt(doc, path)).additionalProperties !== false;
  }

  /** A starting value for a new node governed by `schema`: its default, else a skeleton of its type. */
  defaultFor(schema: JsonSchema, depth = 0): JsonValue {
    const resolved = this.resolve(schema);
    if (resolved.default !== undefined) return structuredClone(resolved.default);
    if (resolved.const !== undefined) return resolved.const;
    if (resolved.enum && resolved.enum.length > 0) return resolved.enum[0] as JsonValue;
    const first = resolved.oneOf?.[0] ?? resolved.anyOf?.[0];
    if (first) return this.defaultFor(first, depth);
    const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type;
    switch (type ?? (resolved.properties ? 'object' : undefined)) {
      case 'object': {
        if (depth > 8) return {};
        const object: Record<string, JsonValue> = {};
        for (const name of this.allRequired(resolved)) object[name] = this.defaultFor(this.child(resolved, name), depth + 1);
        return object;
      }
      case 'array':
        return [];
      case 'number':
      case 'integer':
        return 0;
      case 'boolean':
        return false;
      case 'null':
        return null;
      default:
        return '';
    }
  }

  childSchema(doc: JsonValue, path: Path, key: string | number): JsonSchema {
    return this.resolve(this.child(this.withVariant(this.at(doc, path), valueAt(doc, path)), key));
  }

  private child(schema: JsonSchema, key: string | number): JsonSchema {
    let cache = this.childCache.get(schema);
    const cacheKey = `${typeof key}:${key}`;
    const cached = cache?.get(cacheKey);
    if (cached) return cached;
    const found = this.findChild(schema, key) ?? empty;
    if (!cache) this.childCache.set(schema, (cache = new Map()));
    cache.set(cacheKey, found);
    return found;
  }

  private findChild(schema: JsonSchema, key: string | number): JsonSchema | undefined {
    if (typeof key === 'number') {
      const prefix = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : undefined);
      if (prefix && key < prefix.length) return prefix[key];
      if (typeof schema.items === 'object' && !Array.isArray(schema.items)) return schema.items;
    } else {
      const property = schema.properties?.[key];
      if (property) return property;
      for (const [pattern, patternSchema] of Object.entries(schema.patternProperties ?? {})) if (new RegExp(pattern, 'u').test(key)) return patternSchema;
      if (typeof schema.additionalProperties === 'object') return schema.additionalProperties;
    }
    for (const part of schema.allOf ?? []) {
      const found = this.findChild(this.resolve(part), key);
      if (found) return found;
    }
    return undefined;
  }

  /** The schema with the `oneOf`/`anyOf` alternative that fits `value` merged in. */
  private withVariant(schema: JsonSchema, value: JsonValue | undefined): JsonSchema {
    const variants = schema.oneOf ?? schema.anyOf;
    if (!variants || value === undefined) return schema;
    const index = this.matchingVariant(variants, value);
    return index < 0 ? schema : { ...schema, ...this.resolve(variants[index] as JsonSchema) };
  }

  /** A cheap structural match (type, const, required keys): full validation happens in the validator. */
  private matchingVariant(variants: JsonSchema[], value: JsonValue): number {
    const type = typeOf(value);
    let fallback = -1;
    for (let i = 0; i < variants.length; i++) {
      const variant = this.resolve(variants[i] as JsonSchema);
      const types = variant.type === undefined ? undefined : ([] as string[]).concat(variant.type);
      const typeFits = !types || types.includes(type) || (type === 'number' && types.includes('integer') && Number.isInteger(value));
      if (!typeFits) continue;
      if (variant.const !== undefined && variant.const !== value) continue;
      if (type === 'object' && this.allRequired(variant).every((name) => Object.hasOwn(value as object, name))) {
        const constsFit = Object.entries(variant.properties ?? {}).every(([name, s]) => this.resolve(s).const === undefined || this.resolve(s).const === (value as Record<string, JsonValue>)[name]);
        if (constsFit) return i;
        continue;
      }
      if (type !== 'object') return i;
      if (fallback < 0) fallback = i;
    }
    return fallback;
  }

  private allRequired(schema: JsonSchema): string[] {
    return [...(schema.required ?? []), ...(schema.allOf ?? []).flatMap((part) => this.allRequired(this.resolve(part)))];
  }

  private propertyNames(schema: JsonSchema): string[] {
    return [...Object.keys(schema.properties ?? {}), ...(schema.allOf ?? []).flatMap((part) => this.propertyNames(this.resolve(part)))];
  }

  /** Follows `$ref` chains inside the root schema (`#/...` pointers and `#anchor`-free local ids). */
  private resolve(schema: JsonSchema | boolean | undefined): JsonSchema {
    if (typeof schema !== 'object') return empty;
    const cached = this.resolved.get(schema);
    if (cached) return cached;
    let current = schema;
    for (let hops = 0; current.$ref !== undefined && hops < 32; hops++) {
      const target = this.lookup(current.$ref);
      if (!target) break;
      const { $ref: _ref, ...siblings } = current;
      current = Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
    }
    this.resolved.set(schema, current);
    return current;
  }

  private lookup(ref: string): JsonSchema | undefined {
    const hash = ref.indexOf('#');
    if (hash < 0 || (hash > 0 && ref.slice(0, hash) !== this.root.$id)) return undefined;
    let node: unknown = this.root;
    for (const token of pointerTokens(ref.slice(hash + 1))) node = isContainer(node as JsonValue) ? (node as Record<string, unknown>)[token] : undefined;
    return typeof node === 'object' && node !== null ? (node as JsonSchema) : undefined;
  }
}

function containsAlternatives(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some(containsAlternatives);
  return Object.entries(node).some(([key, value]) => key === 'oneOf' || key === 'anyOf' || containsAlternatives(value));
}
