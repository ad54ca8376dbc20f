/** What a grant on one analysis allows; each level includes the ones before it. */
export const DEPOSIT_ACTIONS = ['deposit-read', 'deposit-update', 'deposit-admin'] as const;
export type DepositAction = (typeof DEPOSIT_ACTIONS)[number];

export type SubjectType = 'user' | 'group';

export interface Grant {
  action: DepositAction;
  subjectType: SubjectType;
  /** A user id (as text) or a group name. */
  subject: string;
}

/** What the caller may do with one analysis. */
export interface Rights {
  read: boolean;
  update: boolean;
  admin: boolean;
}

export const NO_RIGHTS: Rights = { read: false, update: false, admin: false };
export const ALL_RIGHTS: Rights = { read: true, update: true, admin: true };
