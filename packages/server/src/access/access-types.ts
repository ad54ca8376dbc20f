/** What a grant on one analysis allows; each level includes the ones before it. */
export const DEPOSIT_ACTIONS = ['deposit-read', 'deposit-update', 'deposit-admin'] as const;
export type DepositAction = (typeof DEPOSIT_ACTIONS)[number];

/** What a grant allows: one of the draft levels, or reading the published versions only. */
export type GrantAction = DepositAction | 'record-read';

/** `everyone` includes anonymous callers: public records (e.g. imported open data). */
export type SubjectType = 'user' | 'group' | 'everyone';

export interface Grant {
  action: GrantAction;
  subjectType: SubjectType;
  /** A user id (as text), a group name, or '*' for everyone. */
  subject: string;
}

/** Anyone, signed in or not, may read the published versions. */
export const PUBLIC_RECORD: Grant = { action: 'record-read', subjectType: 'everyone', subject: '*' };

/** What the caller may do with one analysis: its draft (read, update, admin) and its published versions. */
export interface Rights {
  read: boolean;
  update: boolean;
  admin: boolean;
  readRecord: boolean;
}

export const NO_RIGHTS: Rights = { read: false, update: false, admin: false, readRecord: false };
export const ALL_RIGHTS: Rights = { read: true, update: true, admin: true, readRecord: true };
