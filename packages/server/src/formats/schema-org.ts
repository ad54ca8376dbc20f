import { SCHEMA_ORG_CONTEXT_URL } from './contexts/schema-org-context.js';
import { identifierUrl, spdxLicenseUrl } from './identifier-urls.js';
import { jsonLdDocument, recordIri, type JsonLdNode } from './json-ld.js';
import { describeRecord, type Creator, type ResourceKind } from './record-description.js';
import type { ExportItem } from './record-envelope.js';

const TYPE_OF_KIND: Record<ResourceKind, string> = {
  dataset: 'Dataset',
  software: 'SoftwareSourceCode',
  article: 'ScholarlyArticle',
  document: 'CreativeWork',
};

function person(creator: Creator): JsonLdNode {
  const urls = creator.identifiers.map((i) => identifierUrl(i.scheme, i.value)).filter((u): u is string => u !== undefined);
  return {
    '@type': creator.kind === 'person' ? 'Person' : 'Organization',
    name: creator.name,
    ...(urls.length ? { sameAs: urls } : {}),
    ...(creator.affiliations.length ? { affiliation: creator.affiliations.map((name) => ({ '@type': 'Organization', name })) } : {}),
  };
}

/** A record as a schema.org node: Dataset, SoftwareSourceCode, ScholarlyArticle or CreativeWork by what it describes. */
export function schemaOrgNode(item: ExportItem): JsonLdNode {
  const d = describeRecord(item);
  const { envelope } = item;
  const type = TYPE_OF_KIND[d.kind];
  // Files of a dataset are its distribution (DataDownload); other works carry them as associated media.
  const files = d.files.map((f) => ({
    '@type': d.kind === 'dataset' ? 'DataDownload' : 'MediaObject',
    name: f.name,
    contentUrl: f.url,
    ...(f.size !== undefined ? { contentSize: `${f.size} B` } : {}),
    ...(f.format ? { encodingFormat: f.format } : {}),
    ...(f.description ? { description: f.description } : {}),
  }));
  return {
    '@id': recordIri(d, envelope),
    '@type': type,
    identifier: [...d.dois.map((doi) => identifierUrl('doi', doi)!), envelope.recid ?? envelope.id],
    ...(d.title ? { name: d.title } : {}),
    ...(d.description ? { description: d.description } : {}),
    ...(envelope.url ? { url: envelope.url } : {}),
    ...(d.creators.length ? { creator: d.creators.map(person) } : {}),
    ...(d.publisher ? { publisher: { '@type': 'Organization', name: d.publisher } } : {}),
    ...(d.datePublished ? { datePublished: d.datePublished } : {}),
    dateCreated: envelope.created,
    dateModified: envelope.updated,
    ...(d.keywords.length ? { keywords: d.keywords } : {}),
    ...(d.language ? { inLanguage: d.language } : {}),
    ...(d.license ? { license: spdxLicenseUrl(d.license) } : {}),
    ...(files.length ? { [d.kind === 'dataset' ? 'distribution' : 'associatedMedia']: files } : {}),
  };
}

/** schema.org JSON-LD of one record; the context is schema.org's, which Capsule ships (contexts/) for its own processing. */
export function serializeSchemaOrg(item: ExportItem): string {
  return jsonLdDocument(SCHEMA_ORG_CONTEXT_URL, schemaOrgNode(item));
}

export function serializeSchemaOrgList(items: readonly ExportItem[]): string {
  return jsonLdDocument(SCHEMA_ORG_CONTEXT_URL, items.map(schemaOrgNode));
}
