import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/api-error.js';
import { get, request, setCsrfToken } from '../api/client.js';
import type { Me } from '../api/types.js';

interface Session {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Who is signed in, loaded once from /api/me; sign-in and sign-out keep it current. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const current = await get<Me>('/api/me');
      setCsrfToken(current.csrf_token);
      setMe(current);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(undefined);
        setMe(null);
      } else throw e;
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const { body } = await request<{ csrf_token: string }>('/api/login', { method: 'POST', body: { email, password } });
      setCsrfToken(body.csrf_token);
      await load();
    },
    [load],
  );

  const signOut = useCallback(async () => {
    await request('/api/logout', { method: 'POST' });
    setCsrfToken(undefined);
    setMe(null);
  }, []);

  return <SessionContext.Provider value={{ me, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user, for pages that only render once signed in (see RequireSignIn). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
