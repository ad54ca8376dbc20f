import type { Kysely, Selectable, Transaction } from 'kysely';
import type { RepositoriesTable, Tables } from '../db/tables.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

/** A repository attached to a draft: snapshotted once, or followed through a webhook. */
export interface AttachedRepository {
  id: string;
  recordUuid: string;
  url: string;
  host: string;
  owner: string;
  name: string;
  /** The branch (or tag, or commit) it was attached by. */
  ref: string;
  eventType: 'push' | 'release' | null;
  webhook: boolean;
  created: string;
}

export interface RepositorySnapshotRow {
  repositoryId: string;
  commit: string;
  key: string;
  payload: Record<string, unknown>;
  created: string;
}

const fromRow = (r: Selectable<RepositoriesTable>): AttachedRepository => ({
  id: r.id,
  recordUuid: r.record_uuid,
  url: r.url,
  host: r.host,
  owner: r.owner,
  name: r.name,
  ref: r.ref,
  eventType: r.event_type,
  webhook: r.webhook === 1,
  created: r.created,
});

/** Queries of attached repositories and their snapshots; no rules. */
export const repositoryStore = {
  /** The draft's row for this repository and ref, made if new; asking for a webhook turns following on. */
  async attach(trx: Transaction<Tables>, repository: AttachedRepository): Promise<AttachedRepository> {
    const existing = await trx
      .selectFrom('repositories')
      .selectAll()
      .where('record_uuid', '=', repository.recordUuid)
      .where('host', '=', repository.host)
      .where('owner', '=', repository.owner)
      .where('name', '=', repository.name)
      .where('ref', '=', repository.ref)
      .executeTakeFirst();
    if (!existing) {
      await trx
        .insertInto('repositories')
        .values({
          id: repository.id,
          record_uuid: repository.recordUuid,
          url: repository.url,
          host: repository.host,
          owner: repository.owner,
          name: repository.name,
          ref: repository.ref,
          event_type: repository.eventType,
          webhook: repository.webhook ? 1 : 0,
          created: repository.created,
        })
        .execute();
      return repository;
    }
    if (repository.webhook && (existing.webhook !== 1 || existing.event_type !== repository.eventType)) {
      await trx.updateTable('repositories').set({ webhook: 1, event_type: repository.eventType }).where('id', '=', existing.id).execute();
      return { ...fromRow(existing), webhook: true, eventType: repository.eventType };
    }
    return fromRow(existing);
  },

  async addSnapshot(trx: Transaction<Tables>, snapshot: RepositorySnapshotRow): Promise<void> {
    await trx
      .insertInto('repository_snapshots')
      .values({ repository_id: snapshot.repositoryId, commit_id: snapshot.commit, key: snapshot.key, payload: JSON.stringify(snapshot.payload), created: snapshot.created })
      .execute();
  },

  async ofDraft(db: Executor, recordUuid: string): Promise<AttachedRepository[]> {
    return (await db.selectFrom('repositories').selectAll().where('record_uuid', '=', recordUuid).orderBy('created').orderBy('id').execute()).map(fromRow);
  },

  async snapshotsOf(db: Executor, repositoryIds: readonly string[]): Promise<RepositorySnapshotRow[]> {
    if (repositoryIds.length === 0) return [];
    const rows = await db.selectFrom('repository_snapshots').selectAll().where('repository_id', 'in', [...repositoryIds]).orderBy('created').execute();
    return rows.map((r) => ({ repositoryId: r.repository_id, commit: r.commit_id, key: r.key, payload: JSON.parse(r.payload) as Record<string, unknown>, created: r.created }));
  },

  /** Drafts that follow a repository's events of one kind. */
  async followers(db: Executor, host: string, owner: string, name: string, event: 'push' | 'release'): Promise<AttachedRepository[]> {
    const rows = await db
      .selectFrom('repositories')
      .selectAll()
      .where('host', '=', host)
      .where('owner', '=', owner)
      .where('name', '=', name)
      .where('webhook', '=', 1)
      .where('event_type', '=', event)
      .execute();
    return rows.map(fromRow);
  },
};
