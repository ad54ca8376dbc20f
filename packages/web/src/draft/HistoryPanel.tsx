import { useState } from 'react';
import { get } from '../api/client.js';
import type { Metadata, Revision } from '../api/types.js';
import { useResource } from '../api/use-resource.js';
import { Field } from '../design/Field.js';
import { formatDate } from '../design/format.js';
import { Loading } from '../design/Loading.js';
import { Table } from '../design/Table.js';
import { differences } from '../json/json-diff.js';
import { DifferencesTable } from './DifferencesTable.js';

/** A draft's revisions (who, when, what), and the differences between any two of them. */
export function HistoryPanel({ url }: { url: string }) {
  const history = useResource(`${url}/revisions`, () => get<{ revisions: Revision[] }>(`${url}/revisions`));
  const revisions = history.data?.revisions ?? [];
  const last = revisions.at(-1)?.revision;
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const a = from ?? Math.max(0, (last ?? 0) - 1);
  const b = to ?? last ?? 0;
  const pair = useResource(history.data ? `${a}-${b}` : undefined, async () => {
    const [before, after] = await Promise.all([a, b].map((n) => get<{ metadata: Metadata }>(`${url}/revisions/${n}`)));
    return differences(before!.metadata, after!.metadata);
  });
  if (!history.data) return <Loading error={history.error} />;
  const choose = (label: string, value: number, set: (n: number) => void) => (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => set(Number(e.target.value))}>
          {revisions.map((r) => <option key={r.revision} value={r.revision}>Revision {r.revision} ({r.action})</option>)}
        </select>
      )}
    </Field>
  );
  return (
    <div className="stack">
      <Table
        caption="Revisions"
        rows={[...revisions].reverse()}
        rowKey={(r) => String(r.revision)}
        columns={[
          { header: 'Revision', cell: (r) => r.revision },
          { header: 'Change', cell: (r) => r.action },
          { header: 'By', cell: (r) => r.actor.email ?? 'unknown' },
          { header: 'When', cell: (r) => formatDate(r.at) },
        ]}
      />
      <h3>Compare two revisions</h3>
      <div className="row">
        {choose('From', a, setFrom)}
        {choose('To', b, setTo)}
      </div>
      {pair.data ? <DifferencesTable caption={`Changes from revision ${a} to ${b}`} differences={pair.data} beforeLabel={`Revision ${a}`} afterLabel={`Revision ${b}`} /> : <Loading error={pair.error} />}
    </div>
  );
}
