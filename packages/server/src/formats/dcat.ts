import { DCAT_CONTEXT } from './contexts/dcat-context.js';
import { identifierUrl, spdxLicenseUrl } from './identifier-urls.js';
import { jsonLdDocument, recordIri, typedDate, type JsonLdNode } from './json-ld.js';
import { describeRecord, type Creator, type DescribedFile } from './record-description.js';
import type { ExportItem } from './record-envelope.js';

const SPDX_ALGORITHMS = new Set(['adler32', 'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

function agent(creator: Creator): JsonLdNode {
  const orcid = creator.identifiers.find((i) => i.scheme === 'orcid');
  return {
    '@type': creator.kind === 'person' ? 'Person' : 'Organization',
    name: creator.name,
    ...(orcid ? { sameAs: identifierUrl('orcid', orcid.value) } : {}),
  };
}

function distribution(file: DescribedFile): JsonLdNode {
  const algorithm = file.checksum && SPDX_ALGORITHMS.has(file.checksum.algorithm) ? file.checksum : undefined;
  return {
    '@type': 'Distribution',
    title: file.name,
    downloadURL: file.url,
    ...(file.size !== undefined ? { byteSize: file.size } : {}),
    ...(file.format ? { format: file.format } : {}),
    ...(file.description ? { description: file.description } : {}),
    ...(algorithm
      ? { checksum: { '@type': 'Checksum', algorithm: `spdx:checksumAlgorithm_${algorithm.algorithm}`, checksumValue: algorithm.value } }
      : {}),
  };
}

/** A record as a DCAT-3 dcat:Dataset node, its files as dcat:Distribution nodes. */
export function dcatDataset(item: ExportItem): JsonLdNode {
  const d = describeRecord(item);
  const { envelope } = item;
  return {
    '@id': recordIri(d, envelope),
    '@type': 'Dataset',
    identifier: envelope.recid ?? envelope.id,
    ...(d.title ? { title: d.title } : {}),
    ...(d.description ? { description: d.description } : {}),
    ...(d.kindLabel ? { type: d.kindLabel } : {}),
    ...(d.dois.length
      ? { otherIdentifier: d.dois.map((doi) => ({ '@id': identifierUrl('doi', doi), '@type': 'Identifier', notation: doi, schemaAgency: 'DataCite' })) }
      : {}),
    ...(envelope.url ? { landingPage: envelope.url } : {}),
    ...(d.creators.length ? { creator: d.creators.map(agent) } : {}),
    ...(d.publisher ? { publisher: { '@type': 'Agent', name: d.publisher } } : {}),
    ...(d.datePublished ? { issued: typedDate(d.datePublished) } : {}),
    created: envelope.created,
    modified: envelope.updated,
    ...(d.keywords.length ? { keyword: d.keywords } : {}),
    ...(d.language ? { language: d.language } : {}),
    ...(d.license ? { license: spdxLicenseUrl(d.license) } : {}),
    ...(d.files.length ? { distribution: d.files.map(distribution) } : {}),
  };
}

/** DCAT-3 JSON-LD of one record, with the shipped context embedded. */
export function serializeDcat(item: ExportItem): string {
  return jsonLdDocument(DCAT_CONTEXT, dcatDataset(item));
}

/** DCAT-3 JSON-LD of search results: one dataset node per record in a @graph. */
export function serializeDcatList(items: readonly ExportItem[]): string {
  return jsonLdDocument(DCAT_CONTEXT, items.map(dcatDataset));
}
