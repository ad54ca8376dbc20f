/** Scopes a personal access token may carry. Sessions carry them all. */
export const SCOPES = ['deposit:write', 'schemas:admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface User {
  id: number;
  email: string;
  profile: Record<string, unknown>;
  isAdmin: boolean;
  active: boolean;
}

/** How a signed-in caller proved who they are. */
export type Credential = 'token' | 'session' | 'cli';

/** A signed-in caller: the user, the groups they belong to, and what their credential allows. */
export interface UserCaller {
  kind: 'user';
  user: User;
  scopes: ReadonlySet<Scope>;
  groups: readonly string[];
  via: Credential;
}

/** Who is asking, and with what rights: every service call takes one. */
export type Caller = { kind: 'anonymous' } | UserCaller;

export const ALL_SCOPES: ReadonlySet<Scope> = new Set(SCOPES);

export const ANONYMOUS: Caller = { kind: 'anonymous' };
