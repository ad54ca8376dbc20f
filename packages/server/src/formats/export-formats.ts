import { CSV_MEDIA_TYPE, serializeCsv } from './csv.js';
import { DATACITE_MEDIA_TYPE, serializeDataCite } from './datacite.js';
import { DCAT_MEDIA_TYPE, serializeDcat, serializeDcatList } from './dcat.js';
import { MARCXML_MEDIA_TYPE, serializeMarcXml, serializeMarcXmlList, serializeTextMarc, serializeTextMarcList, TEXTMARC_MEDIA_TYPE } from './marc-export.js';
import type { ExportItem } from './record-envelope.js';
import { SCHEMA_ORG_MEDIA_TYPE, serializeSchemaOrg, serializeSchemaOrgList } from './schema-org.js';

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
