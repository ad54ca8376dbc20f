/**
 * The media types of a record's representations: what the API negotiates and what the web app's
 * export buttons ask for. Constants only, nothing imported: the web app bundles this module
 * (`@capsule/server/media-types`) and must not pull server code in with it.
 */
export const JSON_MEDIA_TYPE = 'application/json';
export const MARCXML_MEDIA_TYPE = 'application/marcxml+xml';
export const TEXTMARC_MEDIA_TYPE = 'text/x-textmarc';
export const DATACITE_MEDIA_TYPE = 'application/vnd.datacite.datacite+xml';
/** JSON-LD without a profile means schema.org; with the DCAT profile parameter, DCAT. */
export const SCHEMA_ORG_MEDIA_TYPE = 'application/ld+json';
export const DCAT_MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/dcat"';
export const CSV_MEDIA_TYPE = 'text/csv';
