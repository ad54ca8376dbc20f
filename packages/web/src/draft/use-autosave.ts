import type { PatchOperation } from '@capsule/editor';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type FieldError } from '../api/api-error.js';
import { request } from '../api/client.js';
import type { Deposit, Metadata } from '../api/types.js';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  /** Someone else saved first: nothing is sent until the user reloads or overwrites knowingly. */
  | { kind: 'conflict' }
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'failed'; message: string };

/** Hands over the operations an editor applied since it was last asked (the record editor's takePendingPatch). */
export type OperationsSource = () => PatchOperation[];

/**
 * What is not saved yet: the whole metadata (the form's edits, sent with PUT), or JSON Patch
 * operations (the record editor's, sent with PATCH): those a failed save had taken, then those
 * its sources still hold. `metadata` is the document with every edit applied.
 */
type Unsaved =
  | { kind: 'metadata'; metadata: Metadata }
  | { kind: 'operations'; metadata: Metadata; taken: PatchOperation[]; sources: ReadonlySet<OperationsSource> };

/** Empties an editor's queue whose operations a whole-metadata save already carries. */
function discard(unsaved: Unsaved): void {
  if (unsaved.kind === 'operations') for (const take of unsaved.sources) take();
}

/**
 * Edits made after `older`, joined with it into what one save sends. Operations follow one
 * another; whole metadata covers every edit before it, and operations after a pending whole
 * metadata go whole too, since a PATCH cannot precede the PUT it builds on.
 */
function join(older: Unsaved | undefined, newer: Unsaved | undefined): Unsaved | undefined {
  if (!older || !newer) return older ?? newer;
  if (newer.kind === 'metadata') {
    discard(older);
    return newer;
  }
  if (older.kind === 'metadata') {
    discard(newer);
    return { kind: 'metadata', metadata: newer.metadata };
  }
  return { kind: 'operations', metadata: newer.metadata, taken: [...older.taken, ...newer.taken], sources: new Set([...older.sources, ...newer.sources]) };
}

/** How long typing may pause before the draft is saved. */
const QUIET_MS = 800;

/**
 * Saves a draft a moment after each change, with If-Match on the revision it started from: the
 * form's edits as the whole metadata (PUT), the record editor's as a JSON Patch (PATCH). A 412
 * stops saving and says so (see ConflictDialog); it never retries blindly. A failed save's edits
 * stay queued and go with the next one; a patch the server refuses goes again at once as the
 * whole metadata, still with If-Match.
 */
export function useAutosave(url: string, initialEtag: string, enabled: boolean) {
  const [state, setState] = useState<SaveState>({ kind: 'saved' });
  const etag = useRef(initialEtag);
  const latest = useRef<Unsaved | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inFlight = useRef<Promise<void> | undefined>(undefined);
  const conflicted = useRef(false);

  const save = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    const unsaved = latest.current;
    if (unsaved === undefined || conflicted.current) return;
    latest.current = undefined;
    const operations = unsaved.kind === 'operations' ? [...unsaved.taken, ...[...unsaved.sources].flatMap((take) => take())] : undefined;
    if (operations?.length === 0) {
      // The editors' queues were already emptied by an earlier save: nothing is left to send.
      setState({ kind: 'saved' });
      return;
    }
    setState({ kind: 'saving' });
    /** Whether the server refused the patch itself: then the whole metadata is sent at once instead. */
    const run = (async (): Promise<boolean> => {
      try {
        const answer = operations
          ? await request<Deposit>(url, { method: 'PATCH', body: operations, contentType: 'application/json-patch+json', ifMatch: etag.current })
          : await request<Deposit>(url, { method: 'PUT', body: unsaved.metadata, ifMatch: etag.current });
        etag.current = answer.etag ?? etag.current;
        setState(latest.current === undefined ? { kind: 'saved' } : { kind: 'unsaved' });
        return false;
      } catch (e) {
        // A patch refused as such (400: a test that fails, a path the server's document lacks) would
        // be refused again with every later edit joined to it; the metadata has every edit applied.
        const refusedPatch = operations !== undefined && e instanceof ApiError && e.status === 400;
        const failed: Unsaved =
          operations && !refusedPatch ? { kind: 'operations', metadata: unsaved.metadata, taken: operations, sources: new Set() } : { kind: 'metadata', metadata: unsaved.metadata };
        latest.current = join(failed, latest.current);
        if (e instanceof ApiError && e.status === 412) {
          conflicted.current = true;
          setState({ kind: 'conflict' });
        } else if (e instanceof ApiError && e.status === 422) setState({ kind: 'invalid', errors: e.errors });
        else setState({ kind: 'failed', message: (e as Error).message });
        return refusedPatch;
      }
    })();
    inFlight.current = run.then(() => undefined);
    const sendWhole = await run;
    inFlight.current = undefined;
    if (sendWhole) await save();
  }, [url]);

  const queue = useCallback(
    (unsaved: Unsaved) => {
      if (!enabled) return;
      latest.current = join(latest.current, unsaved);
      if (!conflicted.current) setState({ kind: 'unsaved' });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), QUIET_MS);
    },
    [enabled, save],
  );

  /** The form's edit: the whole metadata as it now is. */
  const change = useCallback((metadata: Metadata) => queue({ kind: 'metadata', metadata }), [queue]);

  /** The record editor's edit: `metadata` as it now is, and where to take the operations that made it. */
  const changeByOperations = useCallback((metadata: Metadata, source: OperationsSource) => queue({ kind: 'operations', metadata, taken: [], sources: new Set([source]) }), [queue]);

  /** Replaces the server's version with ours, at the revision the user has just been shown. */
  const overwrite = useCallback(
    async (metadata: Metadata, revisionSeen: string) => {
      conflicted.current = false;
      etag.current = revisionSeen;
      latest.current = join(latest.current, { kind: 'metadata', metadata });
      await save();
    },
    [save],
  );

  // Leaving the page with unsent changes: send them now rather than lose them.
  useEffect(() => () => void save(), [save]);

  return { state, change, changeByOperations, save, overwrite, etag: () => etag.current };
}
