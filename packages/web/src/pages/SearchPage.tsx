import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { get } from '../api/client.js';
import type { Deposit, PublishedRecord, SearchResult } from '../api/types.js';
import { useResource } from '../api/use-resource.js';
import { StatusBadge } from '../design/Badge.js';
import { Button } from '../design/Button.js';
import { Card } from '../design/Card.js';
import { Field } from '../design/Field.js';
import { formatDate } from '../design/format.js';
import { Loading } from '../design/Loading.js';
import { Tabs } from '../design/Tabs.js';
import { FacetList } from '../search/FacetList.js';
import { QueryHelp } from '../search/QueryHelp.js';
import { itemPath } from '../record/item-path.js';
import { titleOf } from '../record/title-of.js';

type Scope = 'records' | 'drafts';
const PAGE_SIZE = 10;
/** URL parameters that are not facet selections. */
const CONTROLS = new Set(['in', 'q', 'sort', 'page', 'size']);

/**
 * Search over published analyses or drafts. The whole state lives in the URL, so a search can be
 * bookmarked, shared and reloaded; the API takes the same parameters.
 */
export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const scope: Scope = params.get('in') === 'drafts' ? 'drafts' : 'records';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const api = new URLSearchParams(params);
  api.delete('in');
  api.set('size', String(PAGE_SIZE));
  const url = `/api/${scope === 'drafts' ? 'deposits' : 'records'}/?${api}`;
  const result = useResource(url, () => get<SearchResult<Deposit | PublishedRecord>>(url));
  const [query, setQuery] = useState(params.get('q') ?? '');

  function update(change: (p: URLSearchParams) => void) {
    const next = new URLSearchParams(params);
    change(next);
    if (!next.has('page') || next.get('page') === '1') next.delete('page');
    setParams(next);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    update((p) => {
      if (query.trim()) p.set('q', query.trim());
      else p.delete('q');
      p.delete('page');
    });
  }

  const selected = (facet: string) => params.getAll(facet);
  const toggle = (facet: string, value: string) =>
    update((p) => {
      const values = p.getAll(facet);
      p.delete(facet);
      for (const v of values.includes(value) ? values.filter((x) => x !== value) : [...values, value]) p.append(facet, v);
      p.delete('page');
    });

  const total = result.data?.hits.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filters = [...params.keys()].filter((k) => !CONTROLS.has(k));

  return (
    <div className="stack">
      <h1>Search</h1>
      <form className="stack" role="search" onSubmit={submit}>
        <div className="row">
          <Field label="Query" grow>{(p) => <input {...p} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. dimuon AND working_group:EXO" />}</Field>
          <Field label="Sort by">
            {(p) => (
              <select {...p} value={params.get('sort') ?? 'bestmatch'} onChange={(e) => update((q) => q.set('sort', e.target.value))}>
                <option value="bestmatch">Best match</option>
                <option value="mostrecent">Most recent</option>
              </select>
            )}
          </Field>
          <Button type="submit" variant="primary">Search</Button>
        </div>
        <QueryHelp />
      </form>
      <Tabs
        label="What to search"
        selected={scope}
        onSelect={(s) => update((p) => { p.set('in', s); for (const f of filters) p.delete(f); p.delete('page'); })}
        tabs={[{ key: 'records', label: 'Published' }, { key: 'drafts', label: 'Drafts' }]}
      >
        <div className="split search-layout">
          <section aria-label="Results" className="stack">
            {result.data ? (
              <>
                <p role="status">{total} {total === 1 ? 'result' : 'results'}</p>
                <ul className="stack result-list">
                  {result.data.hits.hits.map((hit) => (
                    <li key={hit.id}>
                      <Card>
                        <h2><Link to={itemPath(hit)}>{titleOf(hit.metadata)}</Link></h2>
                        <div className="row">
                          <StatusBadge status={hit.status} />
                          <span className="muted">{hit.schema.fullname} · updated {formatDate(hit.updated)}</span>
                        </div>
                      </Card>
                    </li>
                  ))}
                </ul>
                <nav className="pager" aria-label="Pages">
                  <Button small disabled={page <= 1} onClick={() => update((p) => p.set('page', String(page - 1)))}>Previous</Button>
                  <span>Page {page} of {pages}</span>
                  <Button small disabled={page >= pages} onClick={() => update((p) => p.set('page', String(page + 1)))}>Next</Button>
                </nav>
              </>
            ) : (
              <Loading error={result.error} />
            )}
          </section>
          <aside aria-label="Filters">
            <Card title="Filter" level={2}>
              {result.data && <FacetList aggregations={result.data.aggregations} selected={selected} onToggle={toggle} />}
            </Card>
          </aside>
        </div>
      </Tabs>
    </div>
  );
}
