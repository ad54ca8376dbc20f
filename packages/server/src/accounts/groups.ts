import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError } from '../errors/capsule-error.js';
import type { User } from './account-types.js';

const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface GroupInfo {
  name: string;
  description: string;
  members: string[];
}

/** Groups of users (CERN e-groups), local or kept in step with an identity provider's groups claim. */
export class Groups {
  readonly #db: Kysely<Tables>;
  readonly #write: Database['write'];

  constructor(database: Pick<Database, 'db' | 'write'>) {
    this.#db = database.db;
    this.#write = database.write;
  }

  async add(name: string, description = ''): Promise<void> {
    if (!GROUP_NAME.test(name)) throw new CapsuleError('bad_request', `${JSON.stringify(name)} is not a group name (letters, digits, . _ -).`, [{ field: ['name'], message: 'invalid' }]);
    if (await this.exists(name)) throw new CapsuleError('bad_request', `A group ${name} exists already.`, [{ field: ['name'], message: 'exists' }]);
    await this.#write((trx) => trx.insertInto('groups').values({ name, description, created: new Date().toISOString() }).execute());
  }

  async exists(name: string): Promise<boolean> {
    return (await this.#db.selectFrom('groups').select('name').where('name', '=', name).executeTakeFirst()) !== undefined;
  }

  async list(): Promise<GroupInfo[]> {
    const groups = await this.#db.selectFrom('groups').selectAll().orderBy('name').execute();
    const members = await this.#db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['group_name', 'users.email']).execute();
    return groups.map((g) => ({ name: g.name, description: g.description, members: members.filter((m) => m.group_name === g.name).map((m) => m.email).sort() }));
  }

  async addMember(group: string, user: User): Promise<void> {
    if (!(await this.exists(group))) throw new CapsuleError('bad_request', `No group ${group}.`, [{ field: ['group'], message: 'no such group' }]);
    await this.#write(async (trx) => {
      const present = await trx.selectFrom('memberships').select('user_id').where('group_name', '=', group).where('user_id', '=', user.id).executeTakeFirst();
      if (!present) await trx.insertInto('memberships').values({ group_name: group, user_id: user.id, source: 'local' }).execute();
    });
  }

  async removeMember(group: string, user: User): Promise<void> {
    await this.#write((trx) => trx.deleteFrom('memberships').where('group_name', '=', group).where('user_id', '=', user.id).execute());
  }

  /**
   * Makes the memberships an identity provider asserts match its latest claim: groups named
   * are joined (and created if new), groups it named before and no longer does are left.
   * Local memberships are not touched.
   */
  async syncFromProvider(user: User, provider: string, claimed: readonly string[]): Promise<void> {
    const source = `oidc:${provider}`;
    const wanted = [...new Set(claimed.filter((g) => GROUP_NAME.test(g)))];
    await this.#write(async (trx) => {
      const current = await trx.selectFrom('memberships').select(['group_name', 'source']).where('user_id', '=', user.id).execute();
      const have = new Set(current.map((m) => m.group_name));
      for (const m of current) {
        if (m.source === source && !wanted.includes(m.group_name)) {
          await trx.deleteFrom('memberships').where('user_id', '=', user.id).where('group_name', '=', m.group_name).execute();
        }
      }
      for (const name of wanted) {
        if (have.has(name)) continue;
        const exists = await trx.selectFrom('groups').select('name').where('name', '=', name).executeTakeFirst();
        if (!exists) await trx.insertInto('groups').values({ name, description: `from ${provider}`, created: new Date().toISOString() }).execute();
        await trx.insertInto('memberships').values({ group_name: name, user_id: user.id, source }).execute();
      }
    });
  }
}
