import type { Identifier, MarcLayout } from './field-mapping.js';
import type { MarcField } from './marc-record.js';

/** The name of the collection schema that holds bibliographic records (schemas/collections/bibliographic-record-v1.0.0.json). */
export const BIBLIOGRAPHIC_RECORD_SCHEMA = 'bibliographic-record';

/** What every item made from a MARC field may carry: how to write it back exactly. */
interface FromMarc {
  marc?: MarcLayout;
}

export type AuthorIdentifierScheme = 'orcid' | 'inspire-id' | 'inspire-bai';

export interface Author extends FromMarc {
  full_name?: string;
  affiliations?: string[];
  identifiers?: (Identifier & { scheme: AuthorIdentifierScheme })[];
  emails?: string[];
}

export interface PublicationDate extends FromMarc {
  place?: string;
  publisher?: string;
  date?: string;
}

/** The JSON a bibliographic record holds: the metadata object of a `bibliographic-record` draft or record. */
export interface BibliographicRecord {
  control_number?: string;
  title?: { title?: string; subtitle?: string; source?: string } & FromMarc;
  dois?: ({ value?: string; source?: string } & FromMarc)[];
  arxiv_eprints?: ({ value?: string; categories?: string[] } & FromMarc)[];
  report_numbers?: ({ value?: string; source?: string } & FromMarc)[];
  authors?: Author[];
  /** 260: where, by whom and when it was published. */
  imprint?: PublicationDate;
  /** 269: the date of the preprint (or of the work, when not published). */
  preprint?: PublicationDate;
  physical_description?: { pagination?: string } & FromMarc;
  notes?: ({ note?: string; source?: string } & FromMarc)[];
  abstracts?: ({ abstract?: string; source?: string } & FromMarc)[];
  subjects?: ({ term?: string; scheme?: string; source?: string } & FromMarc)[];
  publication_info?: ({
    journal?: string;
    volume?: string;
    pages?: string;
    year?: string;
    publication_note?: string;
    free_text?: string;
  } & FromMarc)[];
  urls?: ({ url?: string; description?: string; size?: string } & FromMarc)[];
  collections?: ({ primary?: string; secondary?: string } & FromMarc)[];
  marc_leader?: string;
  /** Fields with no mapping, kept verbatim so that nothing is lost on a round trip. */
  marc_unmapped?: MarcField[];
}
