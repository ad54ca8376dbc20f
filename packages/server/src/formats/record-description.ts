import type { FieldPath } from '../errors/capsule-error.js';
import { BIBLIOGRAPHIC_RECORD_SCHEMA, type BibliographicRecord } from './marc/bibliographic-record.js';
import type { ExportItem } from './record-envelope.js';

/** What kind of work a record describes, as the export formats need to know it. */
export type ResourceKind = 'dataset' | 'software' | 'article' | 'document';

export interface DescribedIdentifier {
  scheme: string;
  value: string;
}

export interface Creator {
  name: string;
  kind: 'person' | 'organization';
  affiliations: string[];
  identifiers: DescribedIdentifier[];
}

export interface DescribedFile {
  url: string;
  name: string;
  size?: number;
  checksum?: { algorithm: string; value: string };
  format?: string;
  description?: string;
}

/**
 * A record's descriptive metadata in one shape, read from whichever collection schema it is
 * in, so that each export format (DCAT, schema.org, DataCite, CSV, MARC) maps one thing.
 */
export interface RecordDescription {
  kind: ResourceKind;
  /** The kind in the record's own words (e.g. "Collision"), when it says. */
  kindLabel?: string;
  title?: string;
  description?: string;
  dois: string[];
  creators: Creator[];
  publisher?: string;
  /** As the record gives it: a year or an ISO date. */
  datePublished?: string;
  keywords: string[];
  /** An SPDX license id, when the record names one. */
  license?: string;
  language?: string;
  files: DescribedFile[];
  /** Where each property came from in the metadata, to name it in errors. */
  sources: Record<'title' | 'dois' | 'creators' | 'publisher' | 'datePublished', FieldPath>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).map(str).filter((s): s is string => s !== undefined);
const obj = (v: unknown): Json => (isObject(v) ? v : {});

/** The year of a date such as "2014", "2017-05", "16 Dec 2002". */
export function yearOf(date: string | undefined): string | undefined {
  return date?.match(/\b(1[5-9]|2[0-9])[0-9]{2}\b/)?.[0];
}

/** The last path segment of a URL or path, undecoded. */
function fileName(uri: string): string {
  return uri.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() ?? uri;
}

/** `adler32:85e137b9` -> adler32 / 85e137b9. */
function checksum(value: unknown): DescribedFile['checksum'] {
  const s = str(value);
  const at = s?.indexOf(':') ?? -1;
  return s && at > 0 ? { algorithm: s.slice(0, at).toLowerCase(), value: s.slice(at + 1) } : undefined;
}

/** A CERN Open Data record (and any schema shaped like it: title, abstract.description, doi, authors, files). */
function fromOpenData(m: Json): RecordDescription {
  const type = obj(m.type);
  const primary = str(type.primary);
  const kind: ResourceKind =
    primary === 'Software' || primary === 'Environment' ? 'software' : primary === 'Documentation' ? 'document' : 'dataset';
  const creators: Creator[] = list(m.authors)
    .filter(isObject)
    .filter((a) => str(a.name))
    .map((a) => ({
      name: str(a.name)!,
      kind: 'person',
      affiliations: str(a.affiliation) ? [str(a.affiliation)!] : [],
      identifiers: [
        ...(str(a.orcid) ? [{ scheme: 'orcid', value: str(a.orcid)! }] : []),
        ...(str(a.inspireid) ? [{ scheme: 'inspire-id', value: str(a.inspireid)! }] : []),
        ...(str(a.rorid) ? [{ scheme: 'ror', value: str(a.rorid)! }] : []),
      ],
    }));
  const collaboration = str(obj(m.collaboration).name);
  if (creators.length === 0 && collaboration) creators.push({ name: collaboration, kind: 'organization', affiliations: [], identifiers: [] });
  const files: DescribedFile[] = list(m.files)
    .filter(isObject)
    .filter((f) => str(f.uri))
    .map((f) => ({
      url: str(f.uri)!,
      name: fileName(str(f.uri)!),
      ...(typeof f.size === 'number' ? { size: f.size } : {}),
      ...(checksum(f.checksum) ? { checksum: checksum(f.checksum)! } : {}),
      ...(str(f.type) ? { format: str(f.type)! } : {}),
      ...(str(f.description) ? { description: str(f.description)! } : {}),
    }));
  const secondary = strings(type.secondary);
  const title = str(m.title) ?? str(m.analysis_title);
  const description = str(obj(m.abstract).description) ?? str(m.abstract);
  const publisher = str(m.publisher);
  const datePublished = str(m.date_published);
  const license = str(obj(m.license).attribution);
  const language = strings(m.language)[0] ?? str(m.language);
  return {
    kind,
    ...(secondary.length ? { kindLabel: secondary.join(', ') } : primary ? { kindLabel: primary } : {}),
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    dois: str(m.doi) ? [str(m.doi)!] : [],
    creators: creators.length ? creators : researchers(m.researchers),
    ...(publisher ? { publisher } : {}),
    ...(datePublished ? { datePublished } : {}),
    keywords: strings(m.keywords),
    ...(license ? { license } : {}),
    ...(language ? { language } : {}),
    files,
    sources: { title: [str(m.title) ? 'title' : 'analysis_title'], dois: ['doi'], creators: ['authors'], publisher: ['publisher'], datePublished: ['date_published'] },
  };
}

/** CAP analyses name their people `researchers` with given and family names. */
function researchers(value: unknown): Creator[] {
  return list(value)
    .filter(isObject)
    .filter((r) => str(r.family_name))
    .map((r) => ({
      name: [str(r.family_name), str(r.givenname)].filter(Boolean).join(', '),
      kind: 'person',
      affiliations: str(obj(r.affiliation).name) ? [str(obj(r.affiliation).name)!] : [],
      identifiers: str(r.orcid) ? [{ scheme: 'orcid', value: str(r.orcid)! }] : [],
    }));
}

const KIND_OF_COLLECTION: Record<string, ResourceKind> = { DATA: 'dataset', DATASET: 'dataset', SOFTWARE: 'software' };

function fromBibliographic(m: BibliographicRecord): RecordDescription {
  const collection = (m.collections ?? []).map((c) => c.primary?.toUpperCase()).find((c) => c && KIND_OF_COLLECTION[c]);
  const datePublished = m.imprint?.date ?? m.preprint?.date ?? m.publication_info?.find((p) => p.year)?.year;
  const title = m.title?.title && (m.title.subtitle ? `${m.title.title}: ${m.title.subtitle}` : m.title.title);
  const description = m.abstracts?.find((a) => a.abstract)?.abstract;
  const publisher = m.imprint?.publisher;
  return {
    kind: collection ? KIND_OF_COLLECTION[collection]! : 'article',
    ...(m.collections?.[0]?.primary ? { kindLabel: m.collections[0].primary } : {}),
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    dois: (m.dois ?? []).map((d) => d.value).filter((v): v is string => !!v),
    creators: (m.authors ?? [])
      .filter((a) => a.full_name)
      .map((a) => ({ name: a.full_name!, kind: 'person', affiliations: a.affiliations ?? [], identifiers: a.identifiers ?? [] })),
    ...(publisher ? { publisher } : {}),
    ...(datePublished ? { datePublished } : {}),
    keywords: (m.subjects ?? []).map((s) => s.term).filter((t): t is string => !!t),
    files: (m.urls ?? [])
      .filter((u) => u.url)
      .map((u) => ({
        url: u.url!,
        name: fileName(u.url!),
        ...(u.size && /^[0-9]+$/.test(u.size) ? { size: Number(u.size) } : {}),
        ...(u.description ? { description: u.description } : {}),
      })),
    sources: { title: ['title', 'title'], dois: ['dois'], creators: ['authors'], publisher: ['imprint', 'publisher'], datePublished: ['imprint', 'date'] },
  };
}

/** The description of one record, read according to its schema. */
export function describeRecord(item: ExportItem): RecordDescription {
  const metadata = obj(item.metadata);
  return item.envelope.schema === BIBLIOGRAPHIC_RECORD_SCHEMA ? fromBibliographic(metadata as BibliographicRecord) : fromOpenData(metadata);
}
