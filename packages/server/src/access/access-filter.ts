import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import type { Tables } from '../db/tables.js';
import type { FacetScope } from '../search/facet-index.js';

type WithR = Tables & { r: Tables['records'] };

const DRAFT_ACTIONS = ['deposit-read', 'deposit-update', 'deposit-admin'] as const;

/**
 * The SQL condition "the caller may read record r" — its draft (scope `draft`) or its published
 * versions (scope `published`) — so listings, counts and pages are decided by the database,
 * never filtered afterwards. Mirrors rightsOf() in rights.ts.
 */
export function readableBy(caller: Caller, scope: FacetScope) {
  return (eb: ExpressionBuilder<WithR, 'r'>): Expression<SqlBool> => {
    if (caller.kind === 'user' && !caller.user.active) return sql<SqlBool>`1 = 0`;
    if (caller.kind === 'user' && caller.user.isAdmin) return sql<SqlBool>`1 = 1`;
    if (caller.kind !== 'user' && scope === 'draft') return sql<SqlBool>`1 = 0`;
    const actions: string[] = scope === 'draft' ? [...DRAFT_ACTIONS] : [...DRAFT_ACTIONS, 'record-read'];
    return eb.exists(
      eb
        .selectFrom('access as a')
        .select('a.record_uuid')
        .whereRef('a.record_uuid', '=', 'r.uuid')
        .where('a.action', 'in', actions as never)
        .where((w) => {
          const subjects = [];
          if (caller.kind === 'user') subjects.push(w.and([w('a.subject_type', '=', 'user'), w('a.subject', '=', String(caller.user.id))]));
          if (scope === 'published') subjects.push(w('a.subject_type', '=', 'everyone'));
          return w.or(subjects);
        }),
    );
  };
}
