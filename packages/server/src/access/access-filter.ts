import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Caller } from '../accounts/account-types.js';
import type { Tables } from '../db/tables.js';
import type { FacetScope } from '../search/facet-index.js';
import { isAmong, type Membership } from '../search/query-compiler.js';
import { DEPOSIT_ACTIONS } from './access-types.js';

type WithR = Tables & { r: Tables['records'] };

/** The signed-in caller as the subject of a grant in table `t`: themselves or one of their groups. */
function namedSubjects(caller: Caller, t: 'a' | 'cg'): Expression<SqlBool>[] {
  if (caller.kind !== 'user') return [];
  const type = sql.ref(`${t}.subject_type`);
  const subject = sql.ref(`${t}.subject`);
  const out = [sql<SqlBool>`(${type} = 'user' and ${subject} = ${String(caller.user.id)})`];
  if (caller.groups.length) out.push(sql<SqlBool>`(${type} = 'group' and ${subject} in (${sql.join(caller.groups)}))`);
  return out;
}

const anyOf = (options: Expression<SqlBool>[]) => sql<SqlBool>`(${sql.join(options, sql` or `)})`;

/**
 * The SQL condition "the caller may read record r" — its draft (scope `draft`) or its published
 * versions (scope `published`) — so listings, counts and pages are decided by the database,
 * never filtered afterwards. Mirrors rightsOf() in rights.ts.
 *
 * The grants naming the caller (as a user or through a group) are few: `r.uuid in (...)` reads
 * them once through the access_subject index. Public records are most of the published ones:
 * collecting their uuids per request would read every public grant, so a public grant is
 * probed per candidate instead (a seek in the access primary key), after the cheaper tests.
 * A caller can also hold grants on most records (an owner of thousands of drafts): when a page
 * walks few candidates (`probe`), the caller's grants are probed per candidate too.
 */
export function readableBy(caller: Caller, scope: FacetScope, membership: Membership = 'set') {
  return (eb: ExpressionBuilder<WithR, 'r'>): Expression<SqlBool> => {
    if (caller.kind === 'user' && !caller.user.active) return sql<SqlBool>`1 = 0`;
    if (caller.kind === 'user' && caller.user.isAdmin) return sql<SqlBool>`1 = 1`;
    if (caller.kind !== 'user' && scope === 'draft') return sql<SqlBool>`1 = 0`;

    const actions: string[] = scope === 'draft' ? [...DEPOSIT_ACTIONS] : [...DEPOSIT_ACTIONS, 'record-read'];
    const options: Expression<SqlBool>[] = [];
    if (caller.kind === 'user') {
      const named = eb.selectFrom('access as a').where('a.action', 'in', actions as never).where(anyOf(namedSubjects(caller, 'a')));
      options.push(isAmong(eb, membership, 'r.uuid', named, 'a.record_uuid'));
    }
    if (scope === 'draft') return options[0]!;

    const collectionSubjects = [...namedSubjects(caller, 'cg'), sql<SqlBool>`cg.subject_type = 'everyone'`];
    options.push(eb('r.schema_name', 'in', eb.selectFrom('collection_grants as cg').select('cg.schema_name').where('cg.action', '=', 'record-read').where(anyOf(collectionSubjects))));
    // Everyone includes the anonymous, who read with record-read only (rightsOf: the deposit rights need a signed-in caller).
    const publicActions = caller.kind === 'user' ? actions : ['record-read'];
    options.push(
      eb.exists(
        eb
          .selectFrom('access as p')
          .select(sql`1`.as('one'))
          .whereRef('p.record_uuid', '=', 'r.uuid')
          .where('p.action', 'in', publicActions as never)
          .where('p.subject_type', '=', 'everyone'),
      ),
    );
    return eb.or(options);
  };
}
