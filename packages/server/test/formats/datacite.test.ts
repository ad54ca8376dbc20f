import { describe, expect, it } from 'vitest';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { DATACITE_NAMESPACE, serializeDataCite } from '../../src/formats/datacite.js';
import { openDataFiles, openDataItem } from './fixtures.js';
import { child, childrenNamed, parseXmlTree, type XmlElement } from './xml-tree.js';

// The controlled list of resourceTypeGeneral in DataCite Metadata Schema 4.5.
const RESOURCE_TYPES_GENERAL = new Set(['Audiovisual', 'Book', 'BookChapter', 'Collection', 'ComputationalNotebook', 'ConferencePaper', 'ConferenceProceeding', 'DataPaper', 'Dataset', 'Dissertation', 'Event', 'Image', 'Instrument', 'InteractiveResource', 'Journal', 'JournalArticle', 'Model', 'OutputManagementPlan', 'PeerReview', 'PhysicalObject', 'Preprint', 'Report', 'Service', 'Software', 'Sound', 'Standard', 'StudyRegistration', 'Text', 'Workflow', 'Other']);

/** DataCite 4's mandatory properties, checked on the written XML: the problems found. */
function mandatoryPropertyProblems(resource: XmlElement): string[] {
  const problems: string[] = [];
  const nonEmpty = (e: XmlElement | undefined) => e !== undefined && e.text.trim() !== '';
  if (resource.uri !== DATACITE_NAMESPACE || resource.name !== 'resource') problems.push('root is not a kernel-4 resource');
  const identifier = child(resource, 'identifier');
  if (!nonEmpty(identifier) || identifier!.attributes.identifierType !== 'DOI' || !/^10\.\d{4,9}\/\S+$/.test(identifier!.text)) problems.push('identifier');
  const creators = childrenNamed(child(resource, 'creators'), 'creator');
  if (creators.length === 0 || !creators.every((c) => nonEmpty(child(c, 'creatorName')))) problems.push('creators');
  if (!childrenNamed(child(resource, 'titles'), 'title').some(nonEmpty)) problems.push('titles');
  if (!nonEmpty(child(resource, 'publisher'))) problems.push('publisher');
  if (!/^\d{4}$/.test(child(resource, 'publicationYear')?.text ?? '')) problems.push('publicationYear');
  if (!RESOURCE_TYPES_GENERAL.has(child(resource, 'resourceType')?.attributes.resourceTypeGeneral ?? '')) problems.push('resourceType');
  if (resource.children.some((c) => c.uri !== DATACITE_NAMESPACE)) problems.push('element outside the namespace');
  return problems;
}

describe('DataCite XML export', () => {
  it('writes every open data record that has what DataCite requires, and refuses the others naming the missing fields', () => {
    let written = 0;
    let refused = 0;
    for (const { records } of openDataFiles()) {
      for (const record of records) {
        const hasCreator = (Array.isArray(record.authors) && record.authors.length > 0) || typeof (record.collaboration as { name?: unknown } | undefined)?.name === 'string';
        const complete = typeof record.doi === 'string' && record.doi !== '' && typeof record.publisher === 'string' && /\d{4}/.test(String(record.date_published)) && hasCreator;
        try {
          const resource = parseXmlTree(serializeDataCite(openDataItem(record)));
          expect(mandatoryPropertyProblems(resource), String(record.recid)).toEqual([]);
          expect(child(resource, 'identifier')!.text).toBe(record.doi);
          expect(complete, String(record.recid)).toBe(true);
          written++;
        } catch (e) {
          if (!(e instanceof CapsuleError)) throw e;
          expect(e.code).toBe('not_acceptable');
          expect(complete, String(record.recid)).toBe(false);
          expect(e.errors.length).toBeGreaterThan(0);
          refused++;
        }
      }
    }
    expect(written).toBeGreaterThan(2000);
    expect(written + refused).toBe(8444);
  });

  it('names each missing mandatory property by its field', () => {
    const item = openDataItem({ recid: '1', title: 'Only a title', type: { primary: 'Dataset' } });
    let error: CapsuleError | undefined;
    try {
      serializeDataCite(item);
    } catch (e) {
      error = e as CapsuleError;
    }
    expect(error?.code).toBe('not_acceptable');
    expect(error?.errors.map((e) => e.field)).toEqual([['doi'], ['authors'], ['publisher'], ['date_published']]);
    expect(error?.message).toContain('DataCite requires an identifier (a DOI)');
  });

  it('writes creators with their ORCID and affiliation', () => {
    const resource = parseXmlTree(
      serializeDataCite(
        openDataItem({
          recid: '2',
          title: 'Dimuon spectrum <2011> & more',
          doi: '10.7483/OPENDATA.CMS.TEST',
          publisher: 'CERN Open Data Portal',
          date_published: '2017',
          type: { primary: 'Software' },
          authors: [{ name: 'Doe, Jane', affiliation: 'CERN', orcid: '0000-0002-1825-0097' }],
        }),
      ),
    );
    expect(mandatoryPropertyProblems(resource)).toEqual([]);
    const creator = childrenNamed(child(resource, 'creators'), 'creator')[0]!;
    expect(child(creator, 'creatorName')).toMatchObject({ text: 'Doe, Jane', attributes: { nameType: 'Personal' } });
    expect(child(creator, 'nameIdentifier')).toMatchObject({ text: '0000-0002-1825-0097', attributes: { nameIdentifierScheme: 'ORCID' } });
    expect(child(creator, 'affiliation')?.text).toBe('CERN');
    expect(childrenNamed(child(resource, 'titles'), 'title')[0]?.text).toBe('Dimuon spectrum <2011> & more');
    expect(child(resource, 'resourceType')?.attributes.resourceTypeGeneral).toBe('Software');
  });
});
