import { useState, type DragEvent, type FormEvent } from 'react';
import { get, pathOf, request } from '../api/client.js';
import type { Deposit, StoredFile } from '../api/types.js';
import { uploadFile } from '../api/upload.js';
import { useResource } from '../api/use-resource.js';
import { Button } from '../design/Button.js';
import { Field } from '../design/Field.js';
import { formatSize } from '../design/format.js';
import { Loading } from '../design/Loading.js';
import { Notice } from '../design/Notice.js';
import { FileTable } from '../record/FileTable.js';

interface Upload {
  name: string;
  fraction: number;
}

/** A draft's files: drop or pick files to upload (with progress), delete them, or snapshot a git repository. */
export function FilesPanel({ deposit, editable }: { deposit: Deposit; editable: boolean }) {
  const bucket = deposit.links.bucket ? pathOf(deposit.links.bucket) : undefined;
  const listing = useResource(bucket, () => get<{ contents: StoredFile[]; size: number; quota_size: number }>(bucket!));
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [error, setError] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const [repository, setRepository] = useState('');
  const [snapshotting, setSnapshotting] = useState(false);

  if (!bucket) return <Notice>This analysis has no file storage.</Notice>;

  async function upload(files: FileList | null) {
    setError(undefined);
    for (const file of Array.from(files ?? [])) {
      setUploads((u) => [...u, { name: file.name, fraction: 0 }]);
      const progress = (fraction: number) => setUploads((u) => u.map((x) => (x.name === file.name ? { ...x, fraction } : x)));
      try {
        await uploadFile(`${bucket}/${encodeURIComponent(file.name)}`, file, progress);
      } catch (e) {
        setError(`${file.name}: ${(e as Error).message}`);
      }
      setUploads((u) => u.filter((x) => x.name !== file.name));
      listing.reload();
    }
  }

  async function remove(file: StoredFile) {
    try {
      await request(pathOf(file.links.self), { method: 'DELETE' });
      listing.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function snapshot(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSnapshotting(true);
    try {
      await request(`/api/deposits/${deposit.id}/actions/upload`, { method: 'POST', body: { url: repository.trim(), webhook: false, event_type: null } });
      setRepository('');
      listing.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSnapshotting(false);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void upload(event.dataTransfer.files);
  }

  return (
    <div className="stack">
      {error && <Notice tone="error">{error}</Notice>}
      {editable && (
        <div
          className={dragging ? 'dropzone dropzone-active' : 'dropzone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>Drop files here, or</p>
          <label className="button">
            Choose files…
            <input className="visually-hidden" type="file" multiple aria-label="Upload files" onChange={(e) => void upload(e.target.files)} />
          </label>
        </div>
      )}
      {uploads.map((u) => (
        <div key={u.name} className="field">
          <span className="field-label">Uploading {u.name}</span>
          <progress className="progress" max={1} value={u.fraction} aria-label={`Uploading ${u.name}`} />
        </div>
      ))}
      {listing.data ? (
        <>
          <FileTable files={listing.data.contents} onDelete={editable ? (f) => void remove(f) : undefined} />
          <p className="muted">{formatSize(listing.data.size)} used of {formatSize(listing.data.quota_size)}.</p>
        </>
      ) : (
        <Loading error={listing.error} />
      )}
      {editable && (
        <form className="stack" onSubmit={(e) => void snapshot(e)} aria-label="Snapshot a git repository">
          <h3>Snapshot a git repository</h3>
          <Field label="Repository URL" hint="A branch, tag or commit URL, e.g. https://github.com/owner/repo/tree/main. Its files are stored as a tarball with this draft.">
            {(p) => <input {...p} type="url" required value={repository} onChange={(e) => setRepository(e.target.value)} />}
          </Field>
          <div className="row">
            <Button type="submit" disabled={snapshotting}>{snapshotting ? 'Fetching…' : 'Snapshot'}</Button>
          </div>
        </form>
      )}
    </div>
  );
}
