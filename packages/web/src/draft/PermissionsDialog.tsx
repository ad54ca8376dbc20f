import { useState, type FormEvent } from 'react';
import { request } from '../api/client.js';
import type { AccessAction, Deposit } from '../api/types.js';
import { useResource } from '../api/use-resource.js';
import { Button } from '../design/Button.js';
import { Dialog } from '../design/Dialog.js';
import { Field } from '../design/Field.js';
import { Loading } from '../design/Loading.js';
import { Notice } from '../design/Notice.js';
import { Table } from '../design/Table.js';

type Level = 'read' | 'update' | 'admin';
type Permissions = Record<Level, { users: (string | null)[]; roles: string[] }>;
type SubjectType = 'user' | 'egroup';

const LEVELS: { level: Level; action: AccessAction; label: string }[] = [
  { level: 'read', action: 'deposit-read', label: 'Reader' },
  { level: 'update', action: 'deposit-update', label: 'Editor' },
  { level: 'admin', action: 'deposit-admin', label: 'Admin' },
];

interface Grant {
  subject: string;
  type: SubjectType;
  level: Level;
}

const ACCEPT = 'application/permissions+json';

/** Who may read, edit and administer a draft; add a user or group at a level, or remove one. */
export function PermissionsDialog({ deposit, onClose }: { deposit: Deposit; onClose: () => void }) {
  const url = `/api/deposits/${deposit.id}/actions/permissions`;
  const loaded = useResource(deposit.id, async () => (await request<{ permissions: Permissions }>(`/api/deposits/${deposit.id}`, { accept: ACCEPT })).body.permissions);
  // The server's answer to the last change; until one is made, what was loaded.
  const [changed, setChanged] = useState<Permissions>();
  const permissions = changed ?? loaded.data;
  const [error, setError] = useState<string>();
  const [email, setEmail] = useState('');
  const [type, setType] = useState<SubjectType>('user');
  const [level, setLevel] = useState<Level>('read');

  async function change(op: 'add' | 'remove', grant: Grant) {
    setError(undefined);
    try {
      const action = LEVELS.find((l) => l.level === grant.level)!.action;
      const answer = await request<{ permissions: Permissions }>(url, { method: 'POST', accept: ACCEPT, body: [{ email: grant.subject, type: grant.type, op, action }] });
      setChanged(answer.body.permissions);
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await change('add', { subject: email.trim(), type, level })) setEmail('');
  }

  const grants: Grant[] = permissions
    ? LEVELS.flatMap(({ level }) => [
        ...permissions[level].users.filter((u): u is string => u !== null).map((subject) => ({ subject, type: 'user' as const, level })),
        ...permissions[level].roles.map((subject) => ({ subject, type: 'egroup' as const, level })),
      ])
    : [];

  return (
    <Dialog open title="Share this analysis" onClose={onClose}>
      <div className="stack">
        {error && <Notice tone="error">{error}</Notice>}
        {permissions ? (
          <Table
            caption="Who has access"
            rows={grants}
            rowKey={(g) => `${g.level}-${g.type}-${g.subject}`}
            columns={[
              { header: 'Who', cell: (g) => g.subject },
              { header: 'Kind', cell: (g) => (g.type === 'user' ? 'person' : 'group') },
              { header: 'Access', cell: (g) => LEVELS.find((l) => l.level === g.level)!.label },
              { header: '', cell: (g) => <Button small variant="danger" aria-label={`Remove ${g.subject} as ${g.level}`} onClick={() => void change('remove', g)}>Remove</Button> },
            ]}
          />
        ) : (
          <Loading error={loaded.error} />
        )}
        <form className="stack" onSubmit={(e) => void add(e)} aria-label="Add access">
          <h3>Add someone</h3>
          <Field label={type === 'user' ? 'Email' : 'Group name'}>{(p) => <input {...p} required value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
          <div className="row">
            <Field label="Kind">
              {(p) => (
                <select {...p} value={type} onChange={(e) => setType(e.target.value as SubjectType)}>
                  <option value="user">Person</option>
                  <option value="egroup">Group</option>
                </select>
              )}
            </Field>
            <Field label="Access">
              {(p) => (
                <select {...p} value={level} onChange={(e) => setLevel(e.target.value as Level)}>
                  {LEVELS.map((l) => <option key={l.level} value={l.level}>{l.label}</option>)}
                </select>
              )}
            </Field>
          </div>
          <div className="dialog-actions">
            <Button onClick={onClose}>Done</Button>
            <Button type="submit" variant="primary">Add</Button>
          </div>
        </form>
      </div>
    </Dialog>
  );
}
