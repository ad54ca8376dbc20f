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
 *
 * Written as `r.uuid in (grants naming the caller)` rather than a correlated EXISTS: both
 * databases then read the caller's grants once (through the access_subject index) instead of
 * probing the grants of every candidate record, which is what made broad listings slow.
 */
export function readableBy(caller: Caller, scope: FacetScope) {
  return (eb: ExpressionBuilder<WithR, 'r'>): Expression<SqlBool> => {
    if (caller.kind === 'user' && !caller.user.active) return sql<SqlBool>`1 = 0`;
    if (caller.kind === 'user' && caller.user.isAdmin) return sql<SqlBool>`1 = 1`;
    if (caller.kind !== 'user' && scope === 'draft') return sql<SqlBool>`1 = 0`;

    /** The caller as the subject of a grant in table `t`: themselves, one of their groups, or everyone (published scope only). */
    const subjectOf = (t: 'a' | 'cg'): Expression<SqlBool> => {
      const type = sql.ref(`${t}.subject_type`);
      const subject = sql.ref(`${t}.subject`);
      const options: Expression<SqlBool>[] = [];
      if (caller.kind === 'user') {
        options.push(sql<SqlBool>`(${type} = 'user' and ${subject} = ${String(caller.user.id)})`);
        if (caller.groups.length) options.push(sql<SqlBool>`(${type} = 'group' and ${subject} in (${sql.join(caller.groups)}))`);
      }
      if (scope === 'published') options.push(sql<SqlBool>`${type} = 'everyone'`);
      return sql<SqlBool>`(${sql.join(options, sql` or `)})`;
    };

    const actions: string[] = scope === 'draft' ? [...DRAFT_ACTIONS] : [...DRAFT_ACTIONS, 'record-read'];
    const perRecord = eb(
      'r.uuid',
      'in',
      eb.selectFrom('access as a').select('a.record_uuid').where('a.action', 'in', actions as never).where(subjectOf('a')),
    );
    if (scope === 'draft') return perRecord;
    const perCollection = eb(
      'r.schema_name',
      'in',
      eb.selectFrom('collection_grants as cg').select('cg.schema_name').where('cg.action', '=', 'record-read').where(subjectOf('cg')),
    );
    return eb.or([perRecord, perCollection]);
  };
}
