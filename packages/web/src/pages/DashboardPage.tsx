import { Link } from 'react-router';
import { get } from '../api/client.js';
import type { Deposit, PublishedRecord, SearchResult } from '../api/types.js';
import { useResource } from '../api/use-resource.js';
import { StatusBadge } from '../design/Badge.js';
import { ButtonLink } from '../design/Button.js';
import { Card } from '../design/Card.js';
import { formatDate } from '../design/format.js';
import { Loading } from '../design/Loading.js';
import { Table, type Column } from '../design/Table.js';
import { itemPath } from '../record/item-path.js';
import { titleOf } from '../record/title-of.js';
import { useMe } from '../session/session.js';

type Item = Deposit | PublishedRecord;

const columns: Column<Item>[] = [
  { header: 'Title', cell: (item) => <Link to={itemPath(item)}>{titleOf(item.metadata)}</Link> },
  { header: 'Schema', cell: (item) => item.schema.fullname },
  { header: 'Status', cell: (item) => <StatusBadge status={item.status} /> },
  { header: 'Updated', cell: (item) => formatDate(item.updated) },
];

function ItemList({ caption, items, empty }: { caption: string; items: Item[]; empty: string }) {
  return (
    <Card title={caption}>
      <Table caption={caption} columns={columns} rows={items} rowKey={(i) => `${i.type}-${i.id}`} empty={empty} />
    </Card>
  );
}

/** Where a user starts: their drafts, what others share with them, what they and their collections published. */
export function DashboardPage() {
  const me = useMe();
  const drafts = useResource('drafts', () => get<SearchResult<Deposit>>('/api/deposits/?size=100&sort=mostrecent'));
  const records = useResource('records', () => get<SearchResult<PublishedRecord>>('/api/records/?size=10&sort=mostrecent'));
  if (!drafts.data || !records.data) return <Loading error={drafts.error ?? records.error} />;
  const all = drafts.data.hits.hits;
  const mine = all.filter((d) => d.created_by.email === me.email);
  return (
    <div className="stack">
      <div className="row">
        <h1>Dashboard</h1>
        <ButtonLink className="row-end" variant="primary" to="/new">New analysis</ButtonLink>
      </div>
      <ItemList caption="My drafts" items={mine.filter((d) => d.status === 'draft')} empty="No drafts yet: start a new analysis." />
      <ItemList caption="Shared with me" items={all.filter((d) => d.created_by.email !== me.email)} empty="Nobody has shared a draft with you yet." />
      <ItemList caption="My published analyses" items={mine.filter((d) => d.status === 'published')} empty="Nothing published yet." />
      <ItemList caption="Recently published in my collections" items={records.data.hits.hits} empty="Nothing published yet." />
    </div>
  );
}
