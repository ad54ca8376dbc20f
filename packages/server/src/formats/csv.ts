import { describeRecord } from './record-description.js';
import type { ExportItem } from './record-envelope.js';

const COLUMNS = ['id', 'recid', 'schema', 'title', 'creators', 'dois', 'date_published', 'keywords', 'files', 'created', 'updated', 'url'] as const;

/** Several values in one cell. */
const JOIN = '; ';

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell that a
 * spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(item: ExportItem): string[] {
  const d = describeRecord(item);
  const e = item.envelope;
  return [
    e.id,
    e.recid ?? '',
    e.schema,
    d.title ?? '',
    d.creators.map((c) => c.name).join(JOIN),
    d.dois.join(JOIN),
    d.datePublished ?? '',
    d.keywords.join(JOIN),
    String(d.files.length),
    e.created,
    e.updated,
    e.url ?? '',
  ];
}

/** Search results as CSV: a header line, then one line per record, CRLF line ends. */
export function serializeCsv(items: readonly ExportItem[]): string {
  return [COLUMNS as readonly string[], ...items.map(row)].map((cells) => cells.map(csvCell).join(',') + '\r\n').join('');
}
