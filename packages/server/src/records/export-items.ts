import type { ExportItem } from '../formats/record-envelope.js';
import type { DepositView } from './deposit-view.js';
import { depositLinks } from './presenters.js';
import type { RecordView } from './published-records.js';

/** The web page of a published record: what people are pointed to (the JSON-LD `@id`). */
export const recordPageUrl = (baseUrl: string, recid: string) => `${baseUrl}/records/${recid}`;

/** A published version as the export formats see it: its metadata, and when and where it was published. */
export function recordExportItem(view: RecordView, baseUrl: string): ExportItem {
  const { version, head, schema } = view;
  return {
    metadata: version.metadata,
    envelope: { id: head.uuid, recid: version.recid, created: head.created, updated: version.published, schema: schema.name, url: recordPageUrl(baseUrl, version.recid) },
  };
}

/** A draft as the export formats see it: its current metadata, with its record id once it has been published. */
export function depositExportItem(view: DepositView, baseUrl: string): ExportItem {
  const { head, schema } = view;
  return {
    metadata: head.metadata,
    envelope: {
      id: head.uuid,
      ...(head.recid ? { recid: head.recid } : {}),
      created: head.created,
      updated: head.updated,
      schema: schema.name,
      url: depositLinks(baseUrl, head.uuid).html,
    },
  };
}
