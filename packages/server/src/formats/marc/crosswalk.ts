import type { BibliographicRecord } from './bibliographic-record.js';
import {
  fixedSlot,
  identifierSlot,
  readField,
  textSlot,
  textsSlot,
  writeField,
  type FieldMapping,
  type MappedItem,
} from './field-mapping.js';
import { isControlField, type MarcDataField, type MarcField, type MarcRecord } from './marc-record.js';

const firstCode = (field: MarcDataField, code: string) => field.subfields.find((s) => s.code === code)?.value;
const fixedTag = (tag: string) => () => tag;
const BLANK = ' ';

const publicationDate = (property: string, tag: string): FieldMapping => ({
  property,
  many: false,
  tag: fixedTag(tag),
  ind1: BLANK,
  ind2: BLANK,
  tags: [tag],
  slots: [textSlot('a', 'place'), textSlot('b', 'publisher'), textSlot('c', 'date')],
});

/**
 * MARC <-> bibliographic-record, one mapping per kind of field, tried in this order (the first
 * that matches a field takes it). Fields no mapping takes are kept verbatim in `marc_unmapped`.
 */
export const BIBLIOGRAPHIC_MAPPINGS: readonly FieldMapping[] = [
  {
    property: 'title',
    many: false,
    tag: fixedTag('245'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['245'],
    slots: [textSlot('a', 'title'), textSlot('b', 'subtitle'), textSlot('9', 'source')],
  },
  {
    property: 'dois',
    many: true,
    tag: fixedTag('024'),
    ind1: '7',
    ind2: BLANK,
    tags: ['024'],
    matches: (f) => firstCode(f, '2') === 'DOI',
    slots: [fixedSlot('2', 'DOI'), textSlot('a', 'value'), textSlot('9', 'source')],
  },
  {
    property: 'arxiv_eprints',
    many: true,
    tag: fixedTag('037'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['037'],
    matches: (f) => firstCode(f, '9') === 'arXiv',
    slots: [fixedSlot('9', 'arXiv'), textSlot('a', 'value'), textsSlot('c', 'categories')],
  },
  {
    property: 'report_numbers',
    many: true,
    tag: fixedTag('037'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['037'],
    slots: [textSlot('a', 'value'), textSlot('9', 'source')],
  },
  {
    property: 'authors',
    many: true,
    // The first author is the main entry (100), the others added entries (700).
    tag: (index) => (index === 0 ? '100' : '700'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['100', '700'],
    rank: (f) => (f.tag === '100' ? 0 : 1),
    slots: [
      textSlot('a', 'full_name'),
      textsSlot('u', 'affiliations'),
      identifierSlot('i', 'inspire-id'),
      identifierSlot('j', 'orcid', 'ORCID:'),
      identifierSlot('w', 'inspire-bai'),
      textsSlot('m', 'emails'),
    ],
  },
  publicationDate('imprint', '260'),
  publicationDate('preprint', '269'),
  {
    property: 'physical_description',
    many: false,
    tag: fixedTag('300'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['300'],
    slots: [textSlot('a', 'pagination')],
  },
  {
    property: 'notes',
    many: true,
    tag: fixedTag('500'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['500'],
    slots: [textSlot('a', 'note'), textSlot('9', 'source')],
  },
  {
    property: 'abstracts',
    many: true,
    tag: fixedTag('520'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['520'],
    slots: [textSlot('a', 'abstract'), textSlot('9', 'source')],
  },
  {
    property: 'subjects',
    many: true,
    tag: fixedTag('650'),
    ind1: '1',
    ind2: '7',
    tags: ['650'],
    slots: [textSlot('2', 'scheme'), textSlot('a', 'term'), textSlot('9', 'source')],
  },
  {
    property: 'publication_info',
    many: true,
    tag: fixedTag('773'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['773'],
    slots: [
      textSlot('p', 'journal'),
      textSlot('v', 'volume'),
      textSlot('c', 'pages'),
      textSlot('y', 'year'),
      textSlot('o', 'publication_note'),
      textSlot('x', 'free_text'),
    ],
  },
  {
    property: 'urls',
    many: true,
    tag: fixedTag('856'),
    ind1: '4',
    ind2: BLANK,
    tags: ['856'],
    matches: (f) => f.ind1 === '4',
    slots: [textSlot('s', 'size'), textSlot('u', 'url'), textSlot('y', 'description')],
  },
  {
    property: 'collections',
    many: true,
    tag: fixedTag('980'),
    ind1: BLANK,
    ind2: BLANK,
    tags: ['980'],
    slots: [textSlot('a', 'primary'), textSlot('b', 'secondary')],
  },
];

/** The mappings of each tag, in order, built once per list of mappings. */
const mappingsByTag = new WeakMap<readonly FieldMapping[], Map<string, FieldMapping[]>>();

function mappingsOf(mappings: readonly FieldMapping[], tag: string): FieldMapping[] | undefined {
  let byTag = mappingsByTag.get(mappings);
  if (!byTag) {
    byTag = new Map();
    for (const m of mappings) for (const t of m.tags) byTag.set(t, [...(byTag.get(t) ?? []), m]);
    mappingsByTag.set(mappings, byTag);
  }
  return byTag.get(tag);
}

/** A MARC record as a bibliographic-record document. Nothing is dropped: see marcToBibliographic's round trip, bibliographicToMarc. */
export function marcToBibliographic(record: MarcRecord, mappings: readonly FieldMapping[] = BIBLIOGRAPHIC_MAPPINGS): BibliographicRecord {
  const doc: Record<string, unknown> = {};
  const unmapped: { at: number; field: MarcField }[] = [];
  const matched = new Map<FieldMapping, { at: number; field: MarcDataField }[]>();
  if (record.leader !== undefined) doc.marc_leader = record.leader;
  record.fields.forEach((field, at) => {
    if (isControlField(field)) {
      if (field.tag === '001' && doc.control_number === undefined) doc.control_number = field.value;
      else unmapped.push({ at, field });
      return;
    }
    const mapping = mappingsOf(mappings, field.tag)?.find((m) => m.matches?.(field) ?? true);
    if (!mapping) unmapped.push({ at, field });
    else if (matched.has(mapping)) matched.get(mapping)!.push({ at, field });
    else matched.set(mapping, [{ at, field }]);
  });
  for (const [mapping, entries] of matched) {
    const rank = mapping.rank;
    if (rank) entries.sort((a, b) => rank(a.field) - rank(b.field));
    const items: MappedItem[] = [];
    for (const entry of entries) {
      const item = mapping.many || items.length === 0 ? readField(mapping, entry.field, items.length) : undefined;
      if (item) items.push(item);
      else unmapped.push(entry);
    }
    if (items.length > 0) doc[mapping.property] = mapping.many ? items : items[0];
  }
  if (unmapped.length > 0) doc.marc_unmapped = unmapped.sort((a, b) => a.at - b.at).map((u) => u.field);
  return doc as BibliographicRecord;
}

/** A bibliographic-record document as MARC, fields in tag order (repeated fields keep their order). */
export function bibliographicToMarc(doc: BibliographicRecord, mappings: readonly FieldMapping[] = BIBLIOGRAPHIC_MAPPINGS): MarcRecord {
  const source = doc as Record<string, unknown>;
  const fields: MarcField[] = [];
  if (doc.control_number !== undefined) fields.push({ tag: '001', value: doc.control_number });
  for (const mapping of mappings) {
    const value = source[mapping.property];
    const items = (mapping.many ? (Array.isArray(value) ? value : []) : value === undefined ? [] : [value]) as MappedItem[];
    items.forEach((item, index) => fields.push(writeField(mapping, item, index)));
  }
  fields.push(...(doc.marc_unmapped ?? []));
  fields.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return doc.marc_leader === undefined ? { fields } : { leader: doc.marc_leader, fields };
}
