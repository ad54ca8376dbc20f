import type { Kysely, Selectable } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import type { Database } from '../db/database.js';
import type { CollectionGrantsTable, Tables } from '../db/tables.js';
import { CapsuleError } from '../errors/capsule-error.js';

export const COLLECTION_ACTIONS = ['deposit-create', 'record-read'] as const;
export type CollectionAction = (typeof COLLECTION_ACTIONS)[number];

/** A grant on every analysis of one schema. */
export interface CollectionGrant {
  schemaName: string;
  action: CollectionAction;
  subjectType: 'user' | 'group' | 'everyone';
  /** A user id (as text), a group name, or '*'. */
  subject: string;
}

/** Whether a grant (per analysis or per collection) names this caller. */
export function grantNames(grant: { subjectType: string; subject: string }, caller: Caller): boolean {
  if (grant.subjectType === 'everyone') return true;
  if (caller.kind !== 'user') return false;
  if (grant.subjectType === 'user') return grant.subject === String(caller.user.id);
  return grant.subjectType === 'group' && caller.groups.includes(grant.subject);
}

function grantFromRow(row: Selectable<CollectionGrantsTable>): CollectionGrant {
  return { schemaName: row.schema_name, action: row.action, subjectType: row.subject_type, subject: row.subject };
}

/**
 * Collection-wide grants: e.g. members of `cms-members` may create `cms-analysis` drafts and
 * read every published CMS analysis. A schema nobody has been granted `deposit-create` on is
 * open to every signed-in user, so a fresh instance works before anyone configures it.
 */
export class CollectionGrants {
  readonly #db: Kysely<Tables>;
  readonly #write: Database['write'];

  constructor(database: Pick<Database, 'db' | 'write'>) {
    this.#db = database.db;
    this.#write = database.write;
  }

  async forSchema(schemaName: string): Promise<CollectionGrant[]> {
    return (await this.#db.selectFrom('collection_grants').selectAll().where('schema_name', '=', schemaName).execute()).map(grantFromRow);
  }

  async list(): Promise<CollectionGrant[]> {
    return (await this.#db.selectFrom('collection_grants').selectAll().orderBy('schema_name').orderBy('action').execute()).map(grantFromRow);
  }

  async add(grant: CollectionGrant): Promise<void> {
    const existing = await this.forSchema(grant.schemaName);
    if (existing.some((g) => g.action === grant.action && g.subjectType === grant.subjectType && g.subject === grant.subject)) {
      throw new CapsuleError('bad_request', 'This grant exists already.');
    }
    await this.#write((trx) =>
      trx.insertInto('collection_grants').values({ schema_name: grant.schemaName, action: grant.action, subject_type: grant.subjectType, subject: grant.subject }).execute(),
    );
  }

  async remove(grant: CollectionGrant): Promise<void> {
    const removed = await this.#write((trx) =>
      trx
        .deleteFrom('collection_grants')
        .where('schema_name', '=', grant.schemaName)
        .where('action', '=', grant.action)
        .where('subject_type', '=', grant.subjectType)
        .where('subject', '=', grant.subject)
        .executeTakeFirst(),
    );
    if (Number(removed.numDeletedRows) === 0) throw new CapsuleError('bad_request', 'There is no such grant.');
  }

  /** Whether the caller may create drafts of this schema. */
  async canCreate(caller: Caller, schemaName: string): Promise<boolean> {
    return (await this.creatable(caller, [schemaName])).has(schemaName);
  }

  /** Which of these schemas the caller may create drafts of, read in one query. */
  async creatable(caller: Caller, schemaNames: readonly string[]): Promise<Set<string>> {
    if (caller.kind !== 'user' || !caller.user.active || schemaNames.length === 0) return new Set();
    if (caller.user.isAdmin) return new Set(schemaNames);
    const rows = await this.#db.selectFrom('collection_grants').selectAll().where('action', '=', 'deposit-create').where('schema_name', 'in', [...schemaNames]).execute();
    const creators = rows.map(grantFromRow);
    const mayCreate = (name: string) => {
      const ofSchema = creators.filter((g) => g.schemaName === name);
      return ofSchema.length === 0 || ofSchema.some((g) => grantNames(g, caller));
    };
    return new Set(schemaNames.filter(mayCreate));
  }

  /** Whether a collection-wide grant lets the caller read this schema's published records. */
  readsRecords(caller: Caller, grants: readonly CollectionGrant[]): boolean {
    return grants.some((g) => g.action === 'record-read' && grantNames(g, caller));
  }
}
