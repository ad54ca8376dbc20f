import type { FieldError } from '../errors/capsule-error.js';
import { notRepresentable } from './format-error.js';
import { describeRecord, yearOf, type Creator, type RecordDescription, type ResourceKind } from './record-description.js';
import type { ExportItem } from './record-envelope.js';
import { xmlElement } from './xml-text.js';

export const DATACITE_NAMESPACE = 'http://datacite.org/schema/kernel-4';
const SCHEMA_LOCATION = `${DATACITE_NAMESPACE} https://schema.datacite.org/meta/kernel-4.5/metadata.xsd`;
const FORMAT = 'DataCite XML';

const RESOURCE_TYPE_GENERAL: Record<ResourceKind, string> = {
  dataset: 'Dataset',
  software: 'Software',
  article: 'Text',
  document: 'Text',
};

const NAME_IDENTIFIER_SCHEMES: Record<string, { scheme: string; uri: string }> = {
  orcid: { scheme: 'ORCID', uri: 'https://orcid.org' },
  ror: { scheme: 'ROR', uri: 'https://ror.org' },
};

/** DataCite's mandatory properties that the record lacks, each named by the record field it would come from. */
export function missingDataCiteProperties(d: RecordDescription): FieldError[] {
  const missing: FieldError[] = [];
  const need = (ok: boolean, field: (string | number)[], property: string) => {
    if (!ok) missing.push({ field, message: `DataCite requires ${property}` });
  };
  need(d.dois.length > 0, d.sources.dois, 'an identifier (a DOI)');
  need(d.creators.length > 0, d.sources.creators, 'at least one creator');
  need(d.title !== undefined, d.sources.title, 'a title');
  need(d.publisher !== undefined, d.sources.publisher, 'a publisher');
  need(yearOf(d.datePublished) !== undefined, d.sources.datePublished, 'a publication year');
  return missing;
}

function creator(c: Creator, i3: string): string {
  const i4 = i3 + '  ';
  const lines = [`${i3}<creator>`, `${i4}${xmlElement('creatorName', { nameType: c.kind === 'person' ? 'Personal' : 'Organizational' }, c.name)}`];
  for (const id of c.identifiers) {
    const scheme = NAME_IDENTIFIER_SCHEMES[id.scheme];
    if (scheme) lines.push(`${i4}${xmlElement('nameIdentifier', { nameIdentifierScheme: scheme.scheme, schemeURI: scheme.uri }, id.value)}`);
  }
  for (const a of c.affiliations) lines.push(`${i4}${xmlElement('affiliation', {}, a)}`);
  lines.push(`${i3}</creator>`);
  return lines.join('\n');
}

/** `<name>` holding one child per item, or nothing at all when there are none. */
function wrapper(name: string, children: string[], indent: string): string[] {
  return children.length ? [`${indent}<${name}>`, ...children, `${indent}</${name}>`] : [];
}

/**
 * DataCite Metadata Schema 4 XML of one record. Refused (not_acceptable, naming the missing
 * fields) unless the record has everything DataCite makes mandatory.
 */
export function serializeDataCite(item: ExportItem): string {
  const d = describeRecord(item);
  const missing = missingDataCiteProperties(d);
  if (missing.length) throw notRepresentable(FORMAT, missing);
  const i1 = '  ';
  const i2 = '    ';
  const size = d.files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  const formats = [...new Set(d.files.map((f) => f.format).filter((f): f is string => !!f))];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<resource xmlns="${DATACITE_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${SCHEMA_LOCATION}">`,
    `${i1}${xmlElement('identifier', { identifierType: 'DOI' }, d.dois[0]!)}`,
    ...wrapper('creators', d.creators.map((c) => creator(c, i2)), i1),
    ...wrapper('titles', [`${i2}${xmlElement('title', {}, d.title!)}`], i1),
    `${i1}${xmlElement('publisher', {}, d.publisher!)}`,
    `${i1}${xmlElement('publicationYear', {}, yearOf(d.datePublished)!)}`,
    `${i1}${xmlElement('resourceType', { resourceTypeGeneral: RESOURCE_TYPE_GENERAL[d.kind] }, d.kindLabel ?? '')}`,
    ...wrapper('subjects', d.keywords.map((k) => `${i2}${xmlElement('subject', {}, k)}`), i1),
    ...wrapper('dates', [`${i2}${xmlElement('date', { dateType: 'Issued' }, d.datePublished!)}`, `${i2}${xmlElement('date', { dateType: 'Updated' }, item.envelope.updated)}`], i1),
    ...(d.language ? [`${i1}${xmlElement('language', {}, d.language)}`] : []),
    ...wrapper('alternateIdentifiers', [`${i2}${xmlElement('alternateIdentifier', { alternateIdentifierType: 'Capsule' }, item.envelope.recid ?? item.envelope.id)}`], i1),
    ...wrapper('relatedIdentifiers', d.dois.slice(1).map((doi) => `${i2}${xmlElement('relatedIdentifier', { relatedIdentifierType: 'DOI', relationType: 'IsIdenticalTo' }, doi)}`), i1),
    ...wrapper('sizes', d.files.length ? [`${i2}${xmlElement('size', {}, `${d.files.length} files`)}`, ...(size ? [`${i2}${xmlElement('size', {}, `${size} bytes`)}`] : [])] : [], i1),
    ...wrapper('formats', formats.map((f) => `${i2}${xmlElement('format', {}, f)}`), i1),
    ...wrapper('rightsList', d.license ? [`${i2}${xmlElement('rights', { rightsIdentifier: d.license, rightsIdentifierScheme: 'SPDX', schemeURI: 'https://spdx.org/licenses/' }, d.license)}`] : [], i1),
    ...wrapper('descriptions', d.description ? [`${i2}${xmlElement('description', { descriptionType: 'Abstract' }, d.description)}`] : [], i1),
    '</resource>',
  ];
  return lines.join('\n') + '\n';
}
