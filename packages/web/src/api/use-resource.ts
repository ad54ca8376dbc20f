import { useCallback, useEffect, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  reload: () => void;
}

/** Loads something when its key changes (a URL, usually); a later answer never overwrites a newer one. */
export function useResource<T>(key: string | undefined, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ key: string | undefined; data?: T; error?: Error }>({ key: undefined });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (key === undefined) return;
    let current = true;
    load().then(
      (data) => current && setState({ key, data }),
      (error: Error) => current && setState({ key, error }),
    );
    return () => {
      current = false;
    };
    // `load` is recreated every render; the key says when to load again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const fresh = state.key === key;
  return { data: fresh ? state.data : undefined, error: fresh ? state.error : undefined, reload };
}
