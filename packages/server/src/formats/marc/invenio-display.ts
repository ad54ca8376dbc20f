import { isControlField, type MarcField, type MarcRecord } from './marc-record.js';

/** Tags legacy Invenio leaves out of its exports unless the reader may see hidden fields. */
export const INVENIO_HIDDEN_TAGS: readonly string[] = ['595'];

function byTag(a: MarcField, b: MarcField): number {
  return a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;
}

/**
 * A record as legacy Invenio displays it (`of=tm`, `of=xm`): fields sorted by tag, subfields
 * within a field by code (its storage sorted them), hidden tags left out. Sorts are stable, so
 * repeated fields and repeated subfield codes keep their order.
 */
export function invenioDisplay(record: MarcRecord, hiddenTags: readonly string[] = INVENIO_HIDDEN_TAGS): MarcRecord {
  const fields = record.fields
    .filter((f) => !hiddenTags.includes(f.tag))
    .sort(byTag)
    .map((f) =>
      isControlField(f)
        ? f
        : { ...f, subfields: [...f.subfields].sort((a, b) => (a.code.toLowerCase() < b.code.toLowerCase() ? -1 : a.code.toLowerCase() > b.code.toLowerCase() ? 1 : 0)) },
    );
  return { ...record, fields };
}
