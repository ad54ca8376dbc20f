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

/** Who is asking, and with what rights: every service call takes one. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: User; scopes: ReadonlySet<Scope> };

export const ANONYMOUS: Caller = { kind: 'anonymous' };
