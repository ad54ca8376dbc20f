import { request } from '../api/client.js';
import { etagOf } from '../api/revision-etag.js';
import type { Deposit, Metadata } from '../api/types.js';
import { useResource } from '../api/use-resource.js';
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
  const saved = useResource(url, async () => {
    const answer = await request<Deposit>(url);
    return { metadata: answer.body.metadata, etag: etagOf(answer) };
  });
  const theirs = saved.data;
  return (
    <Dialog open title="This draft was changed by someone else" onClose={onReload}>
      <p>Your last changes were not saved, because the draft was saved elsewhere after you opened it. Here is what differs:</p>
      {theirs ? <DifferencesTable caption="Saved version compared with yours" differences={differences(theirs.metadata, mine)} beforeLabel="Saved version" afterLabel="Yours" /> : <Loading error={saved.error} />}
      <div className="dialog-actions">
        <Button onClick={onReload}>Reload the saved version (drop mine)</Button>
        <Button variant="danger" disabled={!theirs} onClick={() => theirs && onOverwrite(theirs.etag)}>Overwrite with mine</Button>
      </div>
    </Dialog>
  );
}
