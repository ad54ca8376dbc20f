import { serializeCsv } from './csv.js';
import { serializeDataCite } from './datacite.js';
import { serializeDcat, serializeDcatList } from './dcat.js';
import { serializeMarcXml, serializeMarcXmlList, serializeTextMarc, serializeTextMarcList } from './marc-export.js';
import { CSV_MEDIA_TYPE, DATACITE_MEDIA_TYPE, DCAT_MEDIA_TYPE, MARCXML_MEDIA_TYPE, SCHEMA_ORG_MEDIA_TYPE, TEXTMARC_MEDIA_TYPE } from './media-types.js';
import type { ExportItem } from './record-envelope.js';
import { serializeSchemaOrg, serializeSchemaOrgList } from './schema-org.js';

/** An export format: how one record (`item`) and how search results (`list`) are written; either may be missing. */
export interface ExportFormat {
  mediaType: string;
  item?: (item: ExportItem) => string;
  list?: (items: readonly ExportItem[]) => string;
}

/**
 * Every export format by media type, for Accept negotiation. The DCAT one is the JSON-LD media
 * type with the DCAT profile parameter; without it, JSON-LD means schema.org.
 */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  { mediaType: MARCXML_MEDIA_TYPE, item: serializeMarcXml, list: serializeMarcXmlList },
  { mediaType: TEXTMARC_MEDIA_TYPE, item: serializeTextMarc, list: serializeTextMarcList },
  { mediaType: SCHEMA_ORG_MEDIA_TYPE, item: serializeSchemaOrg, list: serializeSchemaOrgList },
  { mediaType: DCAT_MEDIA_TYPE, item: serializeDcat, list: serializeDcatList },
  { mediaType: DATACITE_MEDIA_TYPE, item: serializeDataCite },
  { mediaType: CSV_MEDIA_TYPE, list: serializeCsv },
];
