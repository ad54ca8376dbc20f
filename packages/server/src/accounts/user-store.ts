import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Tables, UsersTable } from '../db/tables.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { User } from './account-types.js';
import { normalizeEmail } from './email-address.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

export function userFromRow(row: Pick<Selectable<UsersTable>, 'id' | 'email' | 'profile' | 'is_admin' | 'active'>): User {
  return { id: Number(row.id), email: row.email, profile: JSON.parse(row.profile), isAdmin: Boolean(row.is_admin), active: Boolean(row.active) };
}

const userById = preparedQuery((db, id: number) => db.selectFrom('users').selectAll().where('id', '=', id));

/** Data access for accounts: queries only. */
export const userStore = {
  async byEmail(db: Executor, email: string): Promise<User | undefined> {
    const row = await db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
    return row && userFromRow(row);
  },

  async byIds(db: Executor, ids: readonly number[]): Promise<User[]> {
    if (ids.length === 0) return [];
    // One person (a draft only its creator shares) is the common case: a prepared lookup.
    if (new Set(ids).size === 1) return (await userById(db, ids[0]!)).map(userFromRow);
    const rows = await db.selectFrom('users').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    return rows.map(userFromRow);
  },

  async insert(db: Executor, email: string, profile: Record<string, unknown>, isAdmin: boolean): Promise<User> {
    const row = await db
      .insertInto('users')
      .values({ email: normalizeEmail(email), profile: JSON.stringify(profile), is_admin: isAdmin ? 1 : 0, active: 1, created: new Date().toISOString() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return userFromRow(row);
  },
};
