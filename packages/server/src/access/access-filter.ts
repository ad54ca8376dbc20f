import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import type { Tables } from '../db/tables.js';

type WithR = Tables & { r: Tables['records'] };

/**
 * The SQL condition "the caller may read record r", so listings, counts and pages are decided
 * by the database, never filtered afterwards. Superusers read everything; anonymous callers nothing.
 */
export function readableBy(caller: Caller) {
  return (eb: ExpressionBuilder<WithR, 'r'>): Expression<SqlBool> => {
    if (caller.kind !== 'user' || !caller.user.active) return sql<SqlBool>`1 = 0`;
    if (caller.user.isAdmin) return sql<SqlBool>`1 = 1`;
    return eb.exists(
      eb
        .selectFrom('access as a')
        .select('a.record_uuid')
        .whereRef('a.record_uuid', '=', 'r.uuid')
        .where('a.subject_type', '=', 'user')
        .where('a.subject', '=', String(caller.user.id)),
    );
  };
}
