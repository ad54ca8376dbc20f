import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError } from '../errors/capsule-error.js';
import { normalizeEmail } from './email-address.js';

/** Failures count against the account however the email was typed, as sign-in finds it. */
const accountKey = (email: string) => `account:${normalizeEmail(email)}`;

export interface LoginLimits {
  /** Failed sign-ins counted over this window. */
  windowMinutes: number;
  perAccount: number;
  perAddress: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMinutes: 15, perAccount: 5, perAddress: 20 };

/**
 * Refuses sign-in attempts (429) for an account or from an address that failed too often
 * lately. Failures are kept in the database, so the limit holds across instances.
 */
export class LoginLimiter {
  readonly #db: Kysely<Tables>;
  readonly #write: Database['write'];
  readonly #limits: LoginLimits;

  constructor(database: Pick<Database, 'db' | 'write'>, limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
    this.#db = database.db;
    this.#write = database.write;
    this.#limits = limits;
  }

  async check(email: string, address: string): Promise<void> {
    const since = new Date(Date.now() - this.#limits.windowMinutes * 60_000).toISOString();
    const count = async (key: string) =>
      Number((await this.#db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('n')).where('key', '=', key).where('at', '>', since).executeTakeFirstOrThrow()).n);
    if ((await count(accountKey(email))) >= this.#limits.perAccount || (await count(`address:${address}`)) >= this.#limits.perAddress) {
      throw new CapsuleError('rate_limited', 'Too many failed sign-ins; try again later.');
    }
  }

  async failed(email: string, address: string): Promise<void> {
    const at = new Date().toISOString();
    const old = new Date(Date.now() - this.#limits.windowMinutes * 60_000).toISOString();
    await this.#write(async (trx) => {
      await trx.insertInto('login_failures').values([{ key: accountKey(email), at }, { key: `address:${address}`, at }]).execute();
      await trx.deleteFrom('login_failures').where('at', '<', old).execute();
    });
  }

  async succeeded(email: string): Promise<void> {
    await this.#write((trx) => trx.deleteFrom('login_failures').where('key', '=', accountKey(email)).execute());
  }
}
