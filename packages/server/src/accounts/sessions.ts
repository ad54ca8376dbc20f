import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { hashToken } from './token-hash.js';
import type { User } from './account-types.js';
import { userFromRow } from './user-store.js';

export interface SessionPolicy {
  /** A session unused for this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, however active. */
  maxHours: number;
}

export interface ActiveSession {
  user: User;
  csrfToken: string;
}

/** last_seen is only rewritten when it is this stale, so reading pages does not write to the database each time. */
const TOUCH_AFTER_MS = 60_000;

/**
 * Server-side sessions in the database, so every instance sees the same ones. The browser
 * holds a random id; only its hash is stored. Each session has its own CSRF token.
 */
export class Sessions {
  readonly #db: Kysely<Tables>;
  readonly #write: Database['write'];
  readonly #policy: SessionPolicy;

  constructor(database: Pick<Database, 'db' | 'write'>, policy: SessionPolicy) {
    this.#db = database.db;
    this.#write = database.write;
    this.#policy = policy;
  }

  /** Starts a session: a fresh id every time, so an id planted before sign-in is worthless after it. */
  async start(userId: number, replacing?: string): Promise<{ id: string; csrfToken: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = Date.now();
    await this.#write(async (trx) => {
      if (replacing) await trx.deleteFrom('sessions').where('id_hash', '=', hashToken(replacing)).execute();
      await trx
        .insertInto('sessions')
        .values({
          id_hash: hashToken(id),
          user_id: userId,
          csrf_token: csrfToken,
          created: new Date(now).toISOString(),
          last_seen: new Date(now).toISOString(),
          expires: new Date(now + this.#policy.maxHours * 3_600_000).toISOString(),
        })
        .execute();
    });
    return { id, csrfToken };
  }

  /** The session an id names, if it is still alive and its user still active. */
  async resolve(id: string): Promise<ActiveSession | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id_hash', 'sessions.csrf_token', 'sessions.last_seen', 'sessions.expires'])
      .select(['users.id', 'users.email', 'users.profile', 'users.is_admin', 'users.active'])
      .where('sessions.id_hash', '=', hashToken(id))
      .executeTakeFirst();
    if (!row || !row.active) return undefined;
    const now = Date.now();
    const idleUntil = Date.parse(row.last_seen) + this.#policy.idleMinutes * 60_000;
    if (Date.parse(row.expires) <= now || idleUntil <= now) {
      await this.#write((trx) => trx.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute());
      return undefined;
    }
    if (now - Date.parse(row.last_seen) > TOUCH_AFTER_MS) {
      await this.#write((trx) => trx.updateTable('sessions').set({ last_seen: new Date(now).toISOString() }).where('id_hash', '=', row.id_hash).execute());
    }
    return { user: userFromRow(row), csrfToken: row.csrf_token };
  }

  async end(id: string): Promise<void> {
    await this.#write((trx) => trx.deleteFrom('sessions').where('id_hash', '=', hashToken(id)).execute());
  }

  async endAllOf(userId: number): Promise<void> {
    await this.#write((trx) => trx.deleteFrom('sessions').where('user_id', '=', userId).execute());
  }
}
