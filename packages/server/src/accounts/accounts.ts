import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError } from '../errors/capsule-error.js';
import { SCOPES, type Caller, type Scope, type User } from './account-types.js';
import { userFromRow, userStore } from './user-store.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** last_used is a hint, not an audit log: writing it on every request would make every read a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface CreatedToken {
  /** Shown once; only its hash is stored. */
  token: string;
  id: number;
  user: User;
  scopes: Scope[];
}

export interface TokenOptions {
  name?: string;
  scopes?: readonly string[];
  /** Lifetime in days; none means it does not expire. */
  expiresInDays?: number;
}

/** Users and their personal access tokens. */
export class Accounts {
  readonly #db: Kysely<Tables>;
  readonly #write: Database['write'];

  constructor(database: Pick<Database, 'db' | 'write'>) {
    this.#db = database.db;
    this.#write = database.write;
  }

  /** The user with this email, created if there is none yet. */
  async ensureUser(email: string, options: { isAdmin?: boolean } = {}): Promise<User> {
    const normalized = email.trim().toLowerCase();
    if (!EMAIL.test(normalized)) throw new CapsuleError('bad_request', `${JSON.stringify(email)} is not an email address.`, [{ field: ['email'], message: 'must be an email address' }]);
    const found = await userStore.byEmail(this.#db, normalized);
    if (found) return found;
    try {
      return await this.#write((trx) => userStore.insert(trx, normalized, {}, options.isAdmin ?? false));
    } catch (e) {
      // Created meanwhile by another process.
      const raced = await userStore.byEmail(this.#db, normalized);
      if (raced) return raced;
      throw e;
    }
  }

  async userByEmail(email: string): Promise<User | undefined> {
    return userStore.byEmail(this.#db, email);
  }

  async usersByIds(ids: readonly number[]): Promise<Map<number, User>> {
    return new Map((await userStore.byIds(this.#db, ids)).map((u) => [u.id, u]));
  }

  async createToken(email: string, options: TokenOptions = {}): Promise<CreatedToken> {
    const scopes = [...new Set(options.scopes ?? ['deposit:write'])];
    const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (unknown.length) {
      throw new CapsuleError('bad_request', `Unknown scope ${unknown.join(', ')}; known scopes: ${SCOPES.join(', ')}.`, [{ field: ['scopes'], message: 'unknown scope' }]);
    }
    if (options.expiresInDays !== undefined && !(options.expiresInDays > 0)) {
      throw new CapsuleError('bad_request', 'A token expiry must be a positive number of days.', [{ field: ['expires'], message: 'must be positive' }]);
    }
    const user = await this.ensureUser(email);
    const token = `cap_${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    const row = await this.#write((trx) => trx
      .insertInto('tokens')
      .values({
        user_id: user.id,
        name: options.name ?? 'cli',
        hash: hashToken(token),
        scopes: scopes.join(' '),
        created: new Date(now).toISOString(),
        expires: options.expiresInDays === undefined ? null : new Date(now + options.expiresInDays * 86_400_000).toISOString(),
        revoked: null,
        last_used: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
    return { token, id: Number(row.id), user, scopes: scopes as Scope[] };
  }

  /** The caller a bearer token stands for; 401 when it is unknown, expired, revoked or its user disabled. */
  async authenticateToken(token: string): Promise<Caller> {
    const row = await this.#db
      .selectFrom('tokens')
      .innerJoin('users', 'users.id', 'tokens.user_id')
      .select(['tokens.id as token_id', 'tokens.scopes', 'tokens.expires', 'tokens.revoked', 'tokens.last_used'])
      .select(['users.id', 'users.email', 'users.profile', 'users.is_admin', 'users.active'])
      .where('tokens.hash', '=', hashToken(token))
      .executeTakeFirst();
    const now = new Date();
    if (!row || row.revoked || (row.expires && row.expires <= now.toISOString()) || !row.active) {
      throw new CapsuleError('unauthenticated', 'The access token is invalid, expired or revoked.');
    }
    if (!row.last_used || now.getTime() - Date.parse(row.last_used) > LAST_USED_RESOLUTION_MS) {
      await this.#write((trx) => trx.updateTable('tokens').set({ last_used: now.toISOString() }).where('id', '=', row.token_id).execute());
    }
    return { kind: 'user', user: userFromRow(row), scopes: new Set(row.scopes.split(' ').filter(Boolean) as Scope[]) };
  }
}
