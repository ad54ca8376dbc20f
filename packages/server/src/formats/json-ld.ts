import type { RecordEnvelope } from './record-envelope.js';
import type { RecordDescription } from './record-description.js';
import { identifierUrl } from './identifier-urls.js';

export type JsonLdNode = Record<string, unknown>;

/** The IRI a record is known by: its page when the caller knows it, else its DOI, else its UUID. */
export function recordIri(description: RecordDescription, envelope: RecordEnvelope): string {
  const doi = description.dois[0];
  return envelope.url ?? (doi ? identifierUrl('doi', doi)! : `urn:uuid:${envelope.id}`);
}

/** A date literal typed by its precision: xsd:gYear, xsd:gYearMonth, xsd:date, or plain text when it is none of these. */
export function typedDate(date: string): string | { '@value': string; '@type': string } {
  const type = /^\d{4}$/.test(date) ? 'gYear' : /^\d{4}-\d{2}$/.test(date) ? 'gYearMonth' : /^\d{4}-\d{2}-\d{2}$/.test(date) ? 'date' : undefined;
  return type ? { '@value': date, '@type': `http://www.w3.org/2001/XMLSchema#${type}` } : date;
}

/** One node as a document of its own, or several in a @graph under one context. */
export function jsonLdDocument(context: unknown, nodes: JsonLdNode | JsonLdNode[]): string {
  const body = Array.isArray(nodes) ? { '@context': context, '@graph': nodes } : { '@context': context, ...nodes };
  return JSON.stringify(body, null, 2) + '\n';
}
