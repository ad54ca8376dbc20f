import type { Json, JsonSchema } from '../api/types.js';
import { identifierLink } from './identifier-link.js';

type Schema = JsonSchema & { title?: string; format?: string; properties?: Record<string, Schema>; items?: Schema; 'ui:order'?: string[] };

/** Nothing worth a line: an empty text, list or object (the form leaves these behind). */
const isEmpty = (value: Json | undefined): boolean =>
  value === undefined || value === '' || (Array.isArray(value) ? value.every(isEmpty) : typeof value === 'object' && value !== null && Object.values(value).every(isEmpty));

/** The fields worth showing: not empty, and not the internal `$`- and `_`-prefixed ones. */
export const shownEntries = (metadata: { [key: string]: Json }): [string, Json][] =>
  Object.entries(metadata).filter(([key, value]) => !key.startsWith('$') && !key.startsWith('_') && !isEmpty(value));

const labelOf = (key: string, schema: Schema | undefined) => schema?.title ?? key.replace(/_/g, ' ');

/** One value: text, a link for an identifier, a list, or nested labelled fields. */
export function MetadataValue({ value, schema }: { value: Json; schema: Schema | undefined }) {
  if (value === null) return <span className="muted">none</span>;
  if (typeof value === 'string') {
    const href = identifierLink(schema?.format, value);
    return href ? <a href={href} rel="noreferrer noopener" target="_blank">{value}</a> : <span className="prose">{value}</span>;
  }
  if (typeof value !== 'object') return <span>{String(value)}</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return <span>{value.map((v) => String(v)).join(', ')}</span>;
    return (
      <ol className="stack">
        {value.map((item, i) => <li key={i}><MetadataValue value={item} schema={schema?.items} /></li>)}
      </ol>
    );
  }
  // An identifier object ({scheme, identifier}) reads as one link.
  const { scheme, identifier } = value;
  if (typeof scheme === 'string' && typeof identifier === 'string' && Object.keys(value).length === 2) {
    const href = identifierLink(scheme, identifier);
    return <span>{scheme}: {href ? <a href={href} rel="noreferrer noopener" target="_blank">{identifier}</a> : identifier}</span>;
  }
  return <MetadataList metadata={value} schema={schema} />;
}

/** A record's metadata as labelled sections, in the schema's titles, identifiers as links. */
export function MetadataList({ metadata, schema }: { metadata: { [key: string]: Json }; schema: Schema | undefined }) {
  return (
    <dl className="definition-list">
      {shownEntries(metadata).map(([key, value]) => (
        <div key={key} className="definition-row">
          <dt>{labelOf(key, schema?.properties?.[key])}</dt>
          <dd><MetadataValue value={value} schema={schema?.properties?.[key]} /></dd>
        </div>
      ))}
    </dl>
  );
}
