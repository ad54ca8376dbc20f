import type { DepositView } from './deposit-view.js';
import type { RecordView } from './published-records.js';

/** The user ids a presentation of these views names: creators, publishers and grantees. */
export function peopleIn(views: readonly (DepositView | RecordView)[]): number[] {
  return views.flatMap((v) =>
    'grants' in v
      ? [v.head.createdBy, ...v.grants.filter((g) => g.subjectType === 'user').map((g) => Number(g.subject))]
      : [v.head.createdBy, v.version.publishedBy],
  );
}
