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

/** How long typing may pause before the draft is saved. */
const QUIET_MS = 800;

/**
 * Saves a draft's metadata a moment after each change, with If-Match on the revision it started
 * from. A 412 stops saving and says so (see ConflictDialog); it never retries blindly.
 */
export function useAutosave(url: string, initialEtag: string, enabled: boolean) {
  const [state, setState] = useState<SaveState>({ kind: 'saved' });
  const etag = useRef(initialEtag);
  const latest = useRef<Metadata | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inFlight = useRef<Promise<void> | undefined>(undefined);
  const conflicted = useRef(false);

  const save = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    const metadata = latest.current;
    if (metadata === undefined || conflicted.current) return;
    latest.current = undefined;
    setState({ kind: 'saving' });
    const run = (async () => {
      try {
        const answer = await request<Deposit>(url, { method: 'PUT', body: metadata, ifMatch: etag.current });
        etag.current = answer.etag ?? etag.current;
        setState(latest.current === undefined ? { kind: 'saved' } : { kind: 'unsaved' });
      } catch (e) {
        if (latest.current === undefined) latest.current = metadata;
        if (e instanceof ApiError && e.status === 412) {
          conflicted.current = true;
          setState({ kind: 'conflict' });
        } else if (e instanceof ApiError && e.status === 422) setState({ kind: 'invalid', errors: e.errors });
        else setState({ kind: 'failed', message: (e as Error).message });
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = undefined;
  }, [url]);

  const change = useCallback(
    (metadata: Metadata) => {
      if (!enabled) return;
      latest.current = metadata;
      if (!conflicted.current) setState({ kind: 'unsaved' });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), QUIET_MS);
    },
    [enabled, save],
  );

  /** Replaces the server's version with ours, at the revision the user has just been shown. */
  const overwrite = useCallback(
    async (metadata: Metadata, revisionSeen: string) => {
      conflicted.current = false;
      etag.current = revisionSeen;
      latest.current = metadata;
      await save();
    },
    [save],
  );

  /** After an action outside the form (publish, edit...) moved the revision on. */
  const setEtag = useCallback((value: string) => {
    etag.current = value;
  }, []);

  // Leaving the page with unsent changes: send them now rather than lose them.
  useEffect(() => () => void save(), [save]);

  return { state, change, save, overwrite, setEtag, etag: () => etag.current };
}
