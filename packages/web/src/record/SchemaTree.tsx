import type { JsonSchema } from '../api/types.js';

type Node = JsonSchema & { title?: string; description?: string; type?: string | string[]; format?: string; enum?: unknown[]; required?: string[]; properties?: Record<string, Node>; items?: Node };

/** The type of a schema node in words: "list of Trigger", "text (orcid)", "one of: a, b". */
function typeOf(node: Node): string {
  if (node.enum) return `one of: ${node.enum.map(String).join(', ')}`;
  if (node.type === 'array' && node.items) return `list of ${node.items.title ?? typeOf(node.items)}`;
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  return node.format ? `${type} (${node.format})` : type;
}

/** A schema's fields as a nested list: title, key, type, required mark and description. */
export function SchemaTree({ schema }: { schema: Node }) {
  const container = schema.type === 'array' && schema.items ? schema.items : schema;
  const properties = Object.entries(container.properties ?? {});
  if (properties.length === 0) return null;
  return (
    <ul className="tree">
      {properties.map(([key, node]) => (
        <li key={key}>
          <strong>{node.title ?? key}</strong> <code>{key}</code> <span className="muted">{typeOf(node)}</span>
          {container.required?.includes(key) && <span className="field-error"> required</span>}
          {node.description && <div className="muted">{node.description}</div>}
          <SchemaTree schema={node} />
        </li>
      ))}
    </ul>
  );
}
