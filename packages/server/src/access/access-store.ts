import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../db/tables.js';
import { preparedInsert, preparedQuery } from '../db/prepared-query.js';
import type { Grant } from './access-types.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

const insertGrants = preparedInsert('access', ['record_uuid', 'action', 'subject_type', 'subject']);
const grantsByRecord = preparedQuery((db, uuid: string) => db.selectFrom('access').select(['action', 'subject_type', 'subject']).where('record_uuid', '=', uuid));

/** Data access for per-analysis grants. */
export const accessStore = {
  async grantsOf(db: Executor, uuid: string): Promise<Grant[]> {
    const rows = await grantsByRecord(db, uuid);
    return rows.map((r) => ({ action: r.action, subjectType: r.subject_type, subject: r.subject }));
  },

  /** Grants of several analyses at once, by uuid. */
  async grantsOfMany(db: Executor, uuids: readonly string[]): Promise<Map<string, Grant[]>> {
    const out = new Map<string, Grant[]>(uuids.map((u) => [u, []]));
    if (uuids.length === 0) return out;
    const rows = await db.selectFrom('access').selectAll().where('record_uuid', 'in', [...uuids]).execute();
    for (const r of rows) out.get(r.record_uuid)?.push({ action: r.action, subjectType: r.subject_type, subject: r.subject });
    return out;
  },

  /** Prepared once: every new draft adds its creator's grants. */
  async add(db: Executor, uuid: string, grants: readonly Grant[]): Promise<void> {
    await insertGrants(db, grants.map((g) => ({ record_uuid: uuid, action: g.action, subject_type: g.subjectType, subject: g.subject })));
  },

  async remove(db: Executor, uuid: string, grant: Grant): Promise<void> {
    await db
      .deleteFrom('access')
      .where('record_uuid', '=', uuid)
      .where('action', '=', grant.action)
      .where('subject_type', '=', grant.subjectType)
      .where('subject', '=', grant.subject)
      .execute();
  },
};
