import type { Json } from '../api/types.js';
import { readablePath } from '../form/server-errors.js';
import type { Difference } from '../json/json-diff.js';
import { Table } from '../design/Table.js';

function show(value: Json | undefined) {
  if (value === undefined) return <span className="muted">(absent)</span>;
  return <span className="mono">{typeof value === 'string' ? value : JSON.stringify(value)}</span>;
}

/** Differences between two versions of an analysis, field by field, as a table people can read. */
export function DifferencesTable({ caption, differences, beforeLabel, afterLabel }: { caption: string; differences: Difference[]; beforeLabel: string; afterLabel: string }) {
  return (
    <Table
      caption={caption}
      rows={differences}
      rowKey={(d) => JSON.stringify(d.path)}
      empty="No differences."
      columns={[
        { header: 'Field', cell: (d) => readablePath(d.path) },
        { header: beforeLabel, cell: (d) => <span className="diff-remove">{show(d.before)}</span> },
        { header: afterLabel, cell: (d) => <span className="diff-add">{show(d.after)}</span> },
      ]}
    />
  );
}
