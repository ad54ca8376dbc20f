import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, type FieldError } from '../api/api-error.js';
import { request } from '../api/client.js';
import { etagOf } from '../api/revision-etag.js';
import type { Deposit, FormDeposit, Metadata } from '../api/types.js';
import { useResource } from '../api/use-resource.js';
import { StatusBadge } from '../design/Badge.js';
import { Button } from '../design/Button.js';
import { Loading } from '../design/Loading.js';
import { Notice } from '../design/Notice.js';
import { Tabs } from '../design/Tabs.js';
import { ConflictDialog } from '../draft/ConflictDialog.js';
import { DraftActions } from '../draft/DraftActions.js';
import { DraftForm } from '../draft/DraftForm.js';
import { FilesPanel } from '../draft/FilesPanel.js';
import { HistoryPanel } from '../draft/HistoryPanel.js';
import { SaveStatus } from '../draft/SaveStatus.js';
import type { DraftEditorHandle } from '../draft/DraftEditor.js';
import { useAutosave, type OperationsSource } from '../draft/use-autosave.js';
import { ValidationSummary } from '../draft/ValidationSummary.js';
import { errorSchemaOf } from '../form/server-errors.js';
import { valueAt } from '../json/value-at.js';
import { titleOf } from '../record/title-of.js';

interface Loaded {
  item: FormDeposit;
  etag: string;
}

// The record editor is a chunk of its own, fetched when its tab is first opened.
const DraftEditor = lazy(() => import('../draft/DraftEditor.js'));

const SECTIONS = ['form', 'editor', 'files', 'history'] as const;
type Section = (typeof SECTIONS)[number];
const sectionOf = (name: string | null): Section => SECTIONS.find((s) => s === name) ?? 'form';

/** A draft: its form, files, sharing, history and lifecycle (publish, edit, discard, delete). */
export default function DraftPage() {
  const { id = '' } = useParams();
  const url = `/api/deposits/${encodeURIComponent(id)}`;
  const loaded = useResource<Loaded>(url, async () => {
    const answer = await request<FormDeposit>(url, { accept: 'application/form+json' });
    return { item: answer.body, etag: etagOf(answer) };
  });
  if (!loaded.data) return <Loading error={loaded.error} />;
  // A new revision from outside the form (reload, publish, edit) starts the page afresh.
  return <LoadedDraft key={loaded.data.etag} url={url} loaded={loaded.data} reload={loaded.reload} />;
}

function LoadedDraft({ url, loaded, reload }: { url: string; loaded: Loaded; reload: () => void }) {
  const { item } = loaded;
  const navigate = useNavigate();
  const editable = item.can_update && item.status === 'draft';
  const autosave = useAutosave(url, loaded.etag, editable);
  const [metadata, setMetadata] = useState<Metadata>(item.metadata);
  // The answer of the last publish attempt, and the metadata it judged.
  const [publishErrors, setPublishErrors] = useState<{ errors: FieldError[]; judged: Metadata }>();
  // The open tab is in the URL, so that a reload (or a conflict's "reload") keeps it.
  const [params, setParams] = useSearchParams();
  const section = sectionOf(params.get('tab'));
  const setSection = (next: Section) => setParams(next === 'form' ? {} : { tab: next }, { replace: true });
  const [actionError, setActionError] = useState<string>();
  const editorView = useRef<DraftEditorHandle>(null);

  // What the form last reported: it reports a change when it only re-renders too, and only real changes are saved.
  const reported = useRef(item.metadata);
  const onChange = useCallback(
    (next: Metadata) => {
      if (JSON.stringify(reported.current) === JSON.stringify(next)) return;
      reported.current = next;
      setMetadata(next);
      autosave.change(next);
    },
    [autosave.change],
  );
  // The record editor reports real changes only; the form, opened again, starts from them.
  const onEdit = useCallback(
    (next: Metadata, operations: OperationsSource) => {
      reported.current = next;
      setMetadata(next);
      autosave.changeByOperations(next, operations);
    },
    [autosave.changeByOperations],
  );

  // A publish error stays at its field until that field changes.
  const openPublishErrors = publishErrors?.errors.filter((e) => JSON.stringify(valueAt(metadata, e.field)) === JSON.stringify(valueAt(publishErrors.judged, e.field)));
  const fieldErrors = [...(openPublishErrors ?? []), ...(autosave.state.kind === 'invalid' ? autosave.state.errors : [])];
  const fieldErrorsKey = JSON.stringify(fieldErrors);
  // The same errors as the last render's, so that neither the form nor the editor redraws them.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableFieldErrors = useMemo(() => fieldErrors, [fieldErrorsKey]);
  const serverErrors = useMemo(() => (stableFieldErrors.length ? errorSchemaOf(stableFieldErrors) : undefined), [stableFieldErrors]);

  /** Runs a lifecycle action after saving what is typed, with the current revision. */
  async function act(action: 'publish' | 'edit' | 'discard') {
    setActionError(undefined);
    setPublishErrors(undefined);
    await autosave.save();
    try {
      const answer = await request<Deposit>(`${url}/actions/${action}`, { method: 'POST', ifMatch: autosave.etag() });
      if (action === 'publish' && answer.body.recid) navigate(`/records/${answer.body.recid}`);
      else reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        setPublishErrors({ errors: e.errors, judged: metadata });
        if (section !== 'editor') setSection('form');
      } else setActionError((e as Error).message);
    }
  }

  async function remove() {
    try {
      await request(url, { method: 'DELETE', ifMatch: autosave.etag() });
      navigate('/');
    } catch (e) {
      setActionError((e as Error).message);
    }
  }

  return (
    <div className="stack">
      <div className="row">
        <h1>{titleOf(metadata)}</h1>
        <StatusBadge status={item.status} />
        <span className="muted">{item.schema.fullname} {item.schema.version}</span>
        {editable && <span className="row-end"><SaveStatus state={autosave.state} /></span>}
      </div>
      <DraftActions
        item={item}
        editable={editable}
        onSave={() => void autosave.save()}
        onAction={(a) => void act(a)}
        onDelete={() => void remove()}
      />
      {item.recid && <p className="muted">Published as <Link to={`/records/${item.recid}`}>{item.recid}</Link>.</p>}
      {!item.can_update && <Notice>You can read this analysis, but not change it.</Notice>}
      {item.can_update && item.status === 'published' && <Notice>This analysis is published. Choose “Edit” to change it; publishing again makes a new version.</Notice>}
      {actionError && <Notice tone="error">{actionError}</Notice>}
      {publishErrors && (
        <ValidationSummary title="Not published. Fix these first:" errors={publishErrors.errors} goTo={section === 'editor' ? (field) => editorView.current?.goTo(field) : undefined} />
      )}
      {autosave.state.kind === 'conflict' && (
        <ConflictDialog url={url} mine={metadata} onReload={reload} onOverwrite={(seen) => void autosave.overwrite(metadata, seen)} />
      )}
      <Tabs
        label="Draft sections"
        selected={section}
        onSelect={(next) => {
          // Send what the tab being left has not sent yet, so the editor's operations apply to a saved revision.
          void autosave.save();
          setSection(next);
        }}
        tabs={[
          { key: 'form', label: 'Metadata' },
          { key: 'editor', label: 'Editor' },
          { key: 'files', label: `Files (${item.files.length})` },
          { key: 'history', label: 'History' },
        ]}
      >
        {section === 'form' && (
          <DraftForm schema={item.schemas.schema} uiSchema={item.schemas.uiSchema} formData={metadata} readOnly={!editable} serverErrors={serverErrors} onChange={onChange} />
        )}
        {section === 'editor' && (
          <Suspense fallback={<Loading />}>
            <DraftEditor ref={editorView} schema={item.schemas.schema} metadata={metadata} readOnly={!editable} fieldErrors={stableFieldErrors} onEdit={onEdit} />
          </Suspense>
        )}
        {section === 'files' && <FilesPanel deposit={item} editable={editable} />}
        {section === 'history' && <HistoryPanel url={url} />}
      </Tabs>
    </div>
  );
}
