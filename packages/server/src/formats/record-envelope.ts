/** What a serializer knows about a record besides its metadata: no HTTP, no database. */
export interface RecordEnvelope {
  /** The draft's or record's UUID. */
  id: string;
  /** The published id, once there is one. */
  recid?: string;
  created: string;
  updated: string;
  /** The collection schema's name, e.g. `opendata-record`. */
  schema: string;
  /** Where people find the record, when the caller knows (the JSON-LD `@id`). */
  url?: string;
}

/** One record to export: its metadata object and its envelope. */
export interface ExportItem {
  metadata: unknown;
  envelope: RecordEnvelope;
}
