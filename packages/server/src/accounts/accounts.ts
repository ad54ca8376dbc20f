import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError, notFound } from '../errors/capsule-error.js';
import { SCOPES, type Caller, type Credential, type Scope, type User, type UserCaller } from './account-types.js';
import { normalizeEmail } from './email-address.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { preparedQuery } from '../db/prepared-query.js';
import { hashToken } from './token-hash.js';
import { userFromRow, userStore } from './user-store.js';

export { hashToken };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** last_used is a hint, not an audit log: writing it on every request would make every read a write. */
const LAST_USED_RESOLUTION_MS = 60_000;
const MIN_PASSWORD = 10;
/** Tokens a user may create for themselves per hour: a stolen session cannot mint them in bulk. */
const PERSONAL_TOKENS_PER_HOUR = 20;

export interface CreatedToken {
  /** Shown once; only its hash is stored. */
  token: string;
  id: number;
  user: User;
  scopes: Scope[];
  name: string;
  expires: string | null;
}

export interface TokenOptions {
  name?: string;
  scopes?: readonly string[];
  /** Lifetime in days; none means it does not expire. */
  expiresInDays?: number;
}

/** A token as its owner sees it in a listing: never the secret. */
export interface TokenInfo {
  id: number;
  name: string;
  scopes: string[];
  created: string;
  expires: string | null;
  revoked: string | null;
  last_used: string | null;
}

/**
 * Run on every token-authenticated request that is not answered from a cache, so prepared, and
 * one round trip: the token, its user, and one row per group the user belongs to (a null group for none).
 */
const tokenWithUser = preparedQuery((db, hash: string) =>
  db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .leftJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['tokens.id as token_id', 'tokens.scopes', 'tokens.expires', 'tokens.revoked', 'tokens.last_used'])
    .select(['users.id', 'users.email', 'users.profile', 'users.is_admin', 'users.active', 'memberships.group_name'])
    .where('tokens.hash', '=', hash),
);

const groupsOfUser = preparedQuery((db, userId: number) => db.selectFrom('memberships').select('group_name').where('user_id', '=', userId));

const invalidToken = () => new CapsuleError('unauthenticated', 'The access token is invalid, expired or revoked.');

/** What authenticating with a stored token needs: its state and the caller it stands for. */
export interface StoredToken {
  tokenId: number;
  /** Times in ms since the epoch, parsed once when the token is read: it is checked on every request. */
  expiresAt: number | null;
  revoked: boolean;
  lastUsedAt: number | null;
  caller: UserCaller;
}

const epochMs = (iso: string | null) => (iso === null ? null : Date.parse(iso));

const badEmail = (email: string) =>
  new CapsuleError('bad_request', `${JSON.stringify(email)} is not an email address.`, [{ field: ['email'], message: 'must be an email address' }]);

/** Users, their passwords and their personal access tokens. */
export class Accounts {
  readonly #db: Kysely<Tables>;
  readonly #write: Database['write'];
  readonly #dialect: Database['dialect'];

  constructor(database: Pick<Database, 'db' | 'write' | 'dialect'>) {
    this.#db = database.db;
    this.#write = database.write;
    this.#dialect = database.dialect;
  }

  /** The user with this email, created if there is none yet. */
  async ensureUser(email: string, options: { isAdmin?: boolean; profile?: Record<string, unknown> } = {}): Promise<User> {
    const normalized = normalizeEmail(email);
    if (!EMAIL.test(normalized)) throw badEmail(email);
    const found = await userStore.byEmail(this.#db, normalized);
    if (found) return found;
    try {
      return await this.#write((trx) => userStore.insert(trx, normalized, options.profile ?? {}, options.isAdmin ?? false));
    } catch (e) {
      // Created meanwhile by another process.
      const raced = await userStore.byEmail(this.#db, normalized);
      if (raced) return raced;
      throw e;
    }
  }

  /** Adds a local account; refuses an email that has one. */
  async addUser(email: string, options: { isAdmin?: boolean; password?: string } = {}): Promise<User> {
    if (await userStore.byEmail(this.#db, email)) {
      throw new CapsuleError('bad_request', `A user ${normalizeEmail(email)} exists already.`, [{ field: ['email'], message: 'exists' }]);
    }
    const user = await this.ensureUser(email, options);
    if (options.password !== undefined) await this.setPassword(user.email, options.password);
    return user;
  }

  async setPassword(email: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD) {
      throw new CapsuleError('bad_request', `A password needs at least ${MIN_PASSWORD} characters.`, [{ field: ['password'], message: 'too short' }]);
    }
    const user = await this.#requireUser(email);
    const hash = await hashPassword(password);
    await this.#write((trx) => trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute());
  }

  /** The user whose email and password these are, or undefined (never saying which part was wrong). */
  async checkPassword(email: string, password: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
    if (!row?.password_hash || !row.active) return undefined;
    return (await verifyPassword(password, row.password_hash)) ? userFromRow(row) : undefined;
  }

  async userByEmail(email: string): Promise<User | undefined> {
    return userStore.byEmail(this.#db, email);
  }

  async usersByIds(ids: readonly number[]): Promise<Map<number, User>> {
    return new Map((await userStore.byIds(this.#db, ids)).map((u) => [u.id, u]));
  }

  async listUsers(): Promise<User[]> {
    return (await this.#db.selectFrom('users').selectAll().orderBy('email').execute()).map(userFromRow);
  }

  async countUsers(): Promise<number> {
    return Number((await this.#db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }

  /** Disables an account: its tokens stop working and its sessions end at once. */
  async disableUser(email: string): Promise<User> {
    const user = await this.#requireUser(email);
    await this.#write(async (trx) => {
      await trx.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    });
    return { ...user, active: false };
  }

  async #requireUser(email: string): Promise<User> {
    const user = await userStore.byEmail(this.#db, email);
    if (!user) throw new CapsuleError('bad_request', `No user ${email}.`, [{ field: ['email'], message: 'no such user' }]);
    return user;
  }

  /** The caller a user is, with the groups they belong to now. */
  async callerFor(user: User, via: Credential, scopes: ReadonlySet<Scope>): Promise<Caller> {
    const rows = await groupsOfUser(this.#db, user.id);
    return { kind: 'user', user, scopes, groups: rows.map((r) => r.group_name), via };
  }

  async createToken(email: string, options: TokenOptions = {}): Promise<CreatedToken> {
    return this.#insertToken(email, options);
  }

  /** A token a signed-in user creates for themselves; refused (429) past PERSONAL_TOKENS_PER_HOUR. */
  async createPersonalToken(user: User, options: TokenOptions): Promise<CreatedToken> {
    return this.#insertToken(user.email, options, async (trx, owner) => {
      // Counted in the transaction that inserts, after the owner's row is locked (PostgreSQL; a
      // SQLite write excludes every other one), so requests made at once cannot all pass the count.
      if (this.#dialect === 'postgres') await trx.selectFrom('users').select('id').where('id', '=', owner.id).forUpdate().execute();
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const recent = await trx
        .selectFrom('tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', owner.id)
        .where('created', '>', since)
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= PERSONAL_TOKENS_PER_HOUR) throw new CapsuleError('rate_limited', 'Too many tokens created in the last hour; try again later.');
    });
  }

  /** A new token for the user with this email; `admit` may refuse it, in the transaction that would insert it. */
  async #insertToken(email: string, options: TokenOptions, admit?: (trx: Transaction<Tables>, user: User) => Promise<void>): Promise<CreatedToken> {
    const scopes = [...new Set(options.scopes ?? ['deposit:write'])];
    const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (unknown.length) {
      throw new CapsuleError('bad_request', `Unknown scope ${unknown.join(', ')}; known scopes: ${SCOPES.join(', ')}.`, [{ field: ['scopes'], message: 'unknown scope' }]);
    }
    if (options.expiresInDays !== undefined && !(options.expiresInDays > 0 && options.expiresInDays <= 3650)) {
      throw new CapsuleError('bad_request', 'A token expiry must be from 1 to 3650 days.', [{ field: ['expires_in_days'], message: 'out of range' }]);
    }
    const name = (options.name ?? 'cli').slice(0, 200);
    const user = await this.ensureUser(email);
    const token = `cap_${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    const expires = options.expiresInDays === undefined ? null : new Date(now + options.expiresInDays * 86_400_000).toISOString();
    const row = await this.#write(async (trx) => {
      await admit?.(trx, user);
      return trx
        .insertInto('tokens')
        .values({ user_id: user.id, name, hash: hashToken(token), scopes: scopes.join(' '), created: new Date(now).toISOString(), expires, revoked: null, last_used: null })
        .returning('id')
        .executeTakeFirstOrThrow();
    });
    return { token, id: Number(row.id), user, scopes: scopes as Scope[], name, expires };
  }

  async tokensOf(userId: number): Promise<TokenInfo[]> {
    const rows = await this.#db.selectFrom('tokens').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
    return rows.map((r) => ({ id: Number(r.id), name: r.name, scopes: r.scopes.split(' ').filter(Boolean), created: r.created, expires: r.expires, revoked: r.revoked, last_used: r.last_used }));
  }

  /** Revokes one of the user's tokens; someone else's token is "not found". */
  async revokeToken(userId: number, tokenId: number): Promise<void> {
    const updated = await this.#write((trx) =>
      trx.updateTable('tokens').set({ revoked: new Date().toISOString() }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked', 'is', null).executeTakeFirst(),
    );
    if (Number(updated.numUpdatedRows) === 0) throw notFound(`No active token ${tokenId}.`);
  }

  /**
   * A stored token as authentication needs it, by the hash of its secret (hashToken); unknown is
   * a 401. What it returns depends on the data alone, so it may be cached until the data changes;
   * `admitToken` then checks it on each use.
   */
  async storedToken(hash: string): Promise<StoredToken> {
    const rows = await tokenWithUser(this.#db, hash);
    const row = rows[0];
    if (!row) throw invalidToken();
    const groups = rows.flatMap((r) => (r.group_name === null ? [] : [r.group_name]));
    const scopes = new Set(row.scopes.split(' ').filter(Boolean) as Scope[]);
    return {
      tokenId: Number(row.token_id),
      expiresAt: epochMs(row.expires),
      revoked: row.revoked !== null,
      lastUsedAt: epochMs(row.last_used),
      caller: { kind: 'user', user: userFromRow(row), scopes, groups, via: 'token' },
    };
  }

  /** The caller a stored token stands for now; 401 when it is expired, revoked or its user disabled. */
  async admitToken(token: StoredToken): Promise<Caller> {
    const now = Date.now();
    // Not `expiresAt <= now`: an expiry that does not parse (NaN) must refuse, not admit forever.
    if (token.revoked || (token.expiresAt !== null && !(token.expiresAt > now)) || !token.caller.user.active) throw invalidToken();
    if (token.lastUsedAt === null || now - token.lastUsedAt > LAST_USED_RESOLUTION_MS) {
      // The stamp leaves cached callers standing (Database.accountsVersion): the cached token learns
      // of it here, before the write, so the requests that share it meanwhile do not stamp it again.
      token.lastUsedAt = now;
      await this.#write((trx) => trx.updateTable('tokens').set({ last_used: new Date(now).toISOString() }).where('id', '=', token.tokenId).execute());
    }
    return token.caller;
  }
}
