import jsonpatch from 'fast-json-patch';
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../db/tables.js';
import { notFound } from '../errors/capsule-error.js';
import type { Metadata, Operation, RevisionAction, RevisionEntry } from './record-types.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

/** A full snapshot every this many revisions, so rebuilding any revision replays fewer patches than this. */
export const SNAPSHOT_INTERVAL = 32;

/** Appends one revision: the patch from the previous document, and a snapshot when one is due. */
export async function appendRevision(
  db: Executor,
  entry: { uuid: string; revision: number; action: RevisionAction; before: Metadata | undefined; after: Metadata; actor: number; at: string },
): Promise<void> {
  const patch = jsonpatch.compare(entry.before ?? {}, entry.after);
  await db
    .insertInto('revisions')
    .values({
      record_uuid: entry.uuid,
      revision: entry.revision,
      action: entry.action,
      json_patch: JSON.stringify(patch),
      snapshot: entry.revision % SNAPSHOT_INTERVAL === 0 ? JSON.stringify(entry.after) : null,
      actor: entry.actor,
      at: entry.at,
    })
    .execute();
}

export async function listRevisions(db: Executor, uuid: string): Promise<RevisionEntry[]> {
  const rows = await db
    .selectFrom('revisions')
    .select(['revision', 'action', 'json_patch', 'actor', 'at'])
    .where('record_uuid', '=', uuid)
    .orderBy('revision', 'asc')
    .execute();
  return rows.map((r) => ({
    revision: Number(r.revision),
    action: r.action as RevisionAction,
    patch: JSON.parse(r.json_patch) as Operation[],
    actor: Number(r.actor),
    at: r.at,
  }));
}

/** The document as it was at a revision: the nearest snapshot at or before it, plus the patches since. */
export async function documentAt(db: Executor, uuid: string, revision: number): Promise<{ metadata: Metadata; entry: RevisionEntry }> {
  const base = await db
    .selectFrom('revisions')
    .select(['revision', 'snapshot'])
    .where('record_uuid', '=', uuid)
    .where('revision', '<=', revision)
    .where('snapshot', 'is not', null)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!base) throw notFound(`Revision ${revision} does not exist.`);
  const rows = await db
    .selectFrom('revisions')
    .select(['revision', 'action', 'json_patch', 'actor', 'at'])
    .where('record_uuid', '=', uuid)
    .where('revision', '>=', Number(base.revision))
    .where('revision', '<=', revision)
    .orderBy('revision', 'asc')
    .execute();
  const last = rows[rows.length - 1];
  if (!last || Number(last.revision) !== revision) throw notFound(`Revision ${revision} does not exist.`);
  let doc = JSON.parse(base.snapshot!) as Metadata;
  for (const row of rows.slice(1)) {
    doc = jsonpatch.applyPatch(doc, JSON.parse(row.json_patch) as Operation[], false, true).newDocument;
  }
  return {
    metadata: doc,
    entry: { revision, action: last.action as RevisionAction, patch: JSON.parse(last.json_patch) as Operation[], actor: Number(last.actor), at: last.at },
  };
}
