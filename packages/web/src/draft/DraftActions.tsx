import { useState } from 'react';
import type { FormDeposit } from '../api/types.js';
import { Button } from '../design/Button.js';
import { Dialog } from '../design/Dialog.js';
import { PermissionsDialog } from './PermissionsDialog.js';

export type LifecycleAction = 'publish' | 'edit' | 'discard';

/** The buttons of a draft's lifecycle, each shown only to those who may use it, when it applies. */
export function DraftActions({ item, editable, onSave, onAction, onDelete }: { item: FormDeposit; editable: boolean; onSave: () => void; onAction: (action: LifecycleAction) => void; onDelete: () => void }) {
  const [sharing, setSharing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const everPublished = item.recid !== undefined;
  return (
    <div className="row" role="group" aria-label="Draft actions">
      {editable && <Button onClick={onSave}>Save now</Button>}
      {editable && item.can_admin && <Button variant="primary" onClick={() => onAction('publish')}>Publish</Button>}
      {item.status === 'published' && item.can_update && <Button variant="primary" onClick={() => onAction('edit')}>Edit</Button>}
      {item.can_admin && <Button onClick={() => setSharing(true)}>Share…</Button>}
      {editable && everPublished && item.can_admin && <Button variant="danger" onClick={() => onAction('discard')}>Discard changes</Button>}
      {!everPublished && item.can_admin && <Button variant="danger" onClick={() => setConfirmDelete(true)}>Delete draft</Button>}
      {sharing && <PermissionsDialog deposit={item} onClose={() => setSharing(false)} />}
      <Dialog open={confirmDelete} title="Delete this draft?" onClose={() => setConfirmDelete(false)}>
        <p>The draft and its files will be gone for everyone. This cannot be undone.</p>
        <div className="dialog-actions">
          <Button onClick={() => setConfirmDelete(false)}>Keep it</Button>
          <Button variant="danger" onClick={onDelete}>Delete</Button>
        </div>
      </Dialog>
    </div>
  );
}
