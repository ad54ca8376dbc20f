import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { get, request } from '../api/client.js';
import { revisionEtag } from '../api/revision-etag.js';
import type { Deposit, FormDeposit, JsonSchema, PublishedRecord, SchemaSummary } from '../api/types.js';
import { useResource } from '../api/use-resource.js';
import { StatusBadge } from '../design/Badge.js';
import { Button } from '../design/Button.js';
import { Card } from '../design/Card.js';
import { formatDate } from '../design/format.js';
import { Loading } from '../design/Loading.js';
import { Notice } from '../design/Notice.js';
import { Table } from '../design/Table.js';
import { ExportButtons } from '../record/ExportButtons.js';
import { FileTable } from '../record/FileTable.js';
import { MetadataList, MetadataValue, shownEntries } from '../record/MetadataView.js';
import { titleOf } from '../record/title-of.js';

interface Version {
  version: number;
  published: string;
}

/** A published analysis: its metadata in sections, files, versions, and an "edit" for those allowed. */
export default function RecordPage() {
  const { recid = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const version = params.get('version');
  const base = `/api/records/${encodeURIComponent(recid)}`;
  const url = version ? `${base}/versions/${encodeURIComponent(version)}` : base;
  const record = useResource(url, () => get<PublishedRecord>(url));
  const versions = useResource(base, () => get<{ versions: Version[] }>(`${base}/versions`));
  const schemaKey = record.data ? `${record.data.schema.name}/${record.data.schema.version}` : undefined;
  const schema = useResource(schemaKey, () => get<SchemaSummary>(`/api/jsonschemas/${schemaKey}?resolve=True`));
  const draftId = record.data?.draft_id;
  // The form view of the draft carries the server's judgement of whether this user may change it.
  const draft = useResource(draftId, () => get<FormDeposit>(`/api/deposits/${draftId}`, 'application/form+json').catch(() => undefined));
  const [error, setError] = useState<string>();

  if (!record.data) return <Loading error={record.error} />;
  const r = record.data;
  const depositSchema = schema.data?.deposit_schema as (JsonSchema & { properties?: Record<string, JsonSchema> }) | undefined;

  async function edit(d: Deposit) {
    try {
      if (d.status === 'published') await request(`/api/deposits/${d.id}/actions/edit`, { method: 'POST', ifMatch: revisionEtag(d.revision) });
      navigate(`/drafts/${d.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const entries = shownEntries(r.metadata);
  const simple = Object.fromEntries(entries.filter(([, v]) => typeof v !== 'object' || v === null));
  const sections = entries.filter(([, v]) => typeof v === 'object' && v !== null);

  return (
    <div className="stack">
      <div className="row">
        <h1>{titleOf(r.metadata)}</h1>
        <StatusBadge status="published" />
        <span className="muted">Version {r.version} of {r.versions}</span>
        {draft.data?.can_update && (
          <Button className="row-end" variant="primary" onClick={() => void edit(draft.data!)}>{draft.data.status === 'draft' ? 'Open the draft' : 'Edit'}</Button>
        )}
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      <p className="muted">
        <span className="mono">{r.recid}</span> · {r.schema.fullname} {r.schema.version} · published {formatDate(r.updated)} by {r.published_by.email ?? 'unknown'}
      </p>
      <Card title="Overview">
        <MetadataList metadata={simple} schema={depositSchema} />
      </Card>
      {sections.map(([key, value]) => (
        <Card key={key} title={(depositSchema?.properties?.[key]?.title as string | undefined) ?? key}>
          <MetadataValue value={value} schema={depositSchema?.properties?.[key]} />
        </Card>
      ))}
      <Card title="Files">
        <FileTable files={r.files} />
      </Card>
      <Card title="Versions">
        {versions.data ? (
          <Table
            caption="Versions"
            rows={[...versions.data.versions].reverse()}
            rowKey={(v) => String(v.version)}
            columns={[
              { header: 'Version', cell: (v) => (v.version === r.version ? <strong>Version {v.version} (shown)</strong> : <Link to={`/records/${r.recid}?version=${v.version}`}>Version {v.version}</Link>) },
              { header: 'Published', cell: (v) => formatDate(v.published) },
            ]}
          />
        ) : (
          <Loading error={versions.error} />
        )}
      </Card>
      <Card title="Export">
        <ExportButtons url={url} basename={`${r.recid}-v${r.version}`} />
      </Card>
    </div>
  );
}
