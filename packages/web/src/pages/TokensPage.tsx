import { useState, type FormEvent } from 'react';
import type { Scope } from '../../../server/src/accounts/account-types.js';
import type { TokenInfo } from '../../../server/src/accounts/accounts.js';
import { get, request } from '../api/client.js';
import { useResource } from '../api/use-resource.js';
import { Badge } from '../design/Badge.js';
import { Button } from '../design/Button.js';
import { Card } from '../design/Card.js';
import { Field } from '../design/Field.js';
import { formatDate } from '../design/format.js';
import { Loading } from '../design/Loading.js';
import { Notice } from '../design/Notice.js';
import { Table } from '../design/Table.js';

/** What each scope allows, in words; the server's list of scopes is the key, so a new scope must be explained here. */
const SCOPE_MEANINGS: Record<Scope, string> = {
  'deposit:write': 'read and write analyses (what cap-client needs)',
  'schemas:admin': 'change the schema registry (administrators)',
};

/** Personal access tokens for cap-client and scripts: create (shown once), list, revoke. */
export default function TokensPage() {
  const tokens = useResource('tokens', () => get<{ tokens: TokenInfo[] }>('/api/tokens'));
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['deposit:write']);
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [error, setError] = useState<string>();

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const { body } = await request<{ name: string; token: string }>('/api/tokens', { method: 'POST', body: { name: name.trim(), scopes, ...(days ? { expires_in_days: Number(days) } : {}) } });
      setCreated(body);
      setName('');
      tokens.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function revoke(token: TokenInfo) {
    try {
      await request(`/api/tokens/${token.id}`, { method: 'DELETE' });
      tokens.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="stack">
      <h1>Access tokens</h1>
      <p className="muted">Tokens let <code>cap-client</code> and scripts act as you: set <code>CAP_ACCESS_TOKEN</code> to one.</p>
      {error && <Notice tone="error">{error}</Notice>}
      {created && (
        <Notice tone="success">
          <p>Token “{created.name}” created. Copy it now: it will not be shown again.</p>
          <input className="mono" readOnly aria-label="New token" value={created.token} size={created.token.length} onFocus={(e) => e.target.select()} />
        </Notice>
      )}
      <Card title="New token">
        <form className="stack" onSubmit={(e) => void create(e)}>
          <Field label="Name" hint="What it is for, e.g. laptop cap-client.">{(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}</Field>
          <fieldset className="facet">
            <legend className="field-label">Scopes</legend>
            {(Object.entries(SCOPE_MEANINGS) as [Scope, string][]).map(([scope, meaning]) => (
              <div key={scope} className="facet-value">
                <input
                  id={`scope-${scope}`}
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={() => setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]))}
                />
                <label htmlFor={`scope-${scope}`}><code>{scope}</code>: {meaning}</label>
              </div>
            ))}
          </fieldset>
          <Field label="Expires after (days)" hint="Leave empty for a token that does not expire.">{(p) => <input {...p} type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} />}</Field>
          <div className="row">
            <Button type="submit" variant="primary">Create token</Button>
          </div>
        </form>
      </Card>
      <Card title="Your tokens">
        {tokens.data ? (
          <Table
            caption="Your tokens"
            rows={tokens.data.tokens}
            rowKey={(t) => String(t.id)}
            empty="No tokens yet."
            columns={[
              { header: 'Name', cell: (t) => t.name },
              { header: 'Scopes', cell: (t) => t.scopes.join(', ') },
              { header: 'Created', cell: (t) => formatDate(t.created) },
              { header: 'Expires', cell: (t) => (t.expires ? formatDate(t.expires) : 'never') },
              { header: 'Last used', cell: (t) => (t.last_used ? formatDate(t.last_used) : 'never') },
              { header: 'State', cell: (t) => (t.revoked ? <Badge tone="danger">revoked</Badge> : <Button small variant="danger" aria-label={`Revoke ${t.name}`} onClick={() => void revoke(t)}>Revoke</Button>) },
            ]}
          />
        ) : (
          <Loading error={tokens.error} />
        )}
      </Card>
    </div>
  );
}
