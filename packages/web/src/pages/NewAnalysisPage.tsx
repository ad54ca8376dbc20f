import { useState } from 'react';
import { useNavigate } from 'react-router';
import { request } from '../api/client.js';
import type { Deposit, DepositGroup } from '../api/types.js';
import { Button } from '../design/Button.js';
import { Card } from '../design/Card.js';
import { Notice } from '../design/Notice.js';
import { useMe } from '../session/session.js';

/** The schemas this user may create drafts of; picking one makes an empty draft and opens it. */
export default function NewAnalysisPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function create(group: DepositGroup) {
    setBusy(group.deposit_group);
    try {
      const { body } = await request<Deposit>('/api/deposits/', { method: 'POST', body: { $ana_type: group.deposit_group } });
      navigate(`/drafts/${body.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(undefined);
    }
  }

  return (
    <div className="stack">
      <h1>New analysis</h1>
      <p className="muted">Pick what you are preserving. You can save a draft at any point and come back to it.</p>
      {error && <Notice tone="error">{error}</Notice>}
      {me.deposit_groups.length === 0 && <Notice>You may not create analyses in any collection yet. Ask an administrator for access.</Notice>}
      <div className="grid">
        {me.deposit_groups.map((group) => (
          <Card key={group.deposit_group} title={group.name} level={2}>
            <p>{group.description}</p>
            <Button variant="primary" disabled={busy !== undefined} onClick={() => void create(group)} aria-label={`Create a ${group.name}`}>
              {busy === group.deposit_group ? 'Creating…' : 'Create'}
            </Button>
          </Card>
        ))}
      </div>
    </div>
  );
}
