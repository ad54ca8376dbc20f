import { useEffect, useState } from 'react';
import { request } from '../api/client.js';
import type { Deposit, Metadata } from '../api/types.js';
import { Button } from '../design/Button.js';
import { Dialog } from '../design/Dialog.js';
import { Loading } from '../design/Loading.js';
import { differences } from '../json/json-diff.js';
import { DifferencesTable } from './DifferencesTable.js';

/**
 * Someone saved this draft since it was opened. Shows how their version differs from the one
 * here, and lets the user take theirs (reload) or keep this one (overwrite), knowing what is lost.
 */
export function ConflictDialog({ url, mine, onReload, onOverwrite }: { url: string; mine: Metadata; onReload: () => void; onOverwrite: (revisionSeen: string) => void }) {
  const [theirs, setTheirs] = useState<{ metadata: Metadata; etag: string; by: string | null }>();
  useEffect(() => {
    void request<Deposit>(url).then((a) => setTheirs({ metadata: a.body.metadata, etag: a.etag ?? '', by: a.body.created_by.email }));
  }, [url]);
  return (
    <Dialog open title="This draft was changed by someone else" onClose={onReload}>
      <p>Your last changes were not saved, because the draft was saved elsewhere after you opened it. Here is what differs:</p>
      {theirs ? <DifferencesTable caption="Saved version compared with yours" differences={differences(theirs.metadata, mine)} beforeLabel="Saved version" afterLabel="Yours" /> : <Loading />}
      <div className="dialog-actions">
        <Button onClick={onReload}>Reload the saved version (drop mine)</Button>
        <Button variant="danger" disabled={!theirs} onClick={() => theirs && onOverwrite(theirs.etag)}>Overwrite with mine</Button>
      </div>
    </Dialog>
  );
}
