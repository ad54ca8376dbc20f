import type { MarcRecord } from './marc-record.js';

/**
 * TextMARC (legacy Invenio's `of=tm`): one field per line, `RECID TAG IND1 IND2 VALUE`, with
 * columns fixed: [0:9] zero-padded record id, [10:13] tag, [13] and [14] indicators ('_' = blank),
 * [16:] the value. Data field values are `$$<code><text>` repeated; there is no escaping.
 */
export const TEXTMARC = 'TextMARC';
export const RECID_WIDTH = 9;
export const MAX_RECID = 10 ** RECID_WIDTH - 1;
export const SUBFIELD_MARK = '$$';
export const BLANK_IN_TEXTMARC = '_';
/** The leader has no tag of its own; it is written on a line tagged LDR, as ALEPH sequential files do. */
export const LEADER_TAG = 'LDR';
/** What a tag and an indicator may be made of (letters for FFT-like pseudo-fields). */
export const TAG_PATTERN = /^[0-9A-Za-z]{3}$/;
export const INDICATOR_PATTERN = /^[0-9A-Za-z_]$/;

/** A record with the id it has (or gets) in TextMARC. */
export interface TextMarcEntry {
  recid: number;
  record: MarcRecord;
}
