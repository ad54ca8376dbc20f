import jsonpatch from 'fast-json-patch';
import type { Kysely, Transaction } from 'kysely';
import { preparedInsert } from '../db/prepared-query.js';
import type { Tables } from '../db/tables.js';
import { notFound } from '../errors/capsule-error.js';
import type { Metadata, Operation, RevisionAction, RevisionEntry } from './record-types.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

/**
 * A full snapshot every this many revisions, so rebuilding any revision replays fewer patches
 * than this. Revision 0 has none: its patch, every member added to nothing, is the document.
 */
export const SNAPSHOT_INTERVAL = 32;

/**
 * The patch from `before` to `after`, as `compare` gives it. When the caller knows which
 * top-level members a change touched (`changed`), only those are compared: a one-field edit of
 * a large record need not walk the rest of it.
 */
export function revisionPatch(before: Metadata, after: Metadata, changed?: readonly string[]): Operation[] {
  if (before === after) return [];
  if (!changed) return jsonpatch.compare(before, after);
  const only = (doc: Metadata) => Object.fromEntries(changed.filter((k) => Object.hasOwn(doc, k)).map((k) => [k, doc[k]]));
  return jsonpatch.compare(only(before), only(after));
}

/** A document serialized, and the patch that creates it (every member added, as `compare` from nothing gives it). */
export interface SerializedNew {
  json: string;
  patch: string;
}

/** Both serializations of a new document from one serialization of each member: records are large, and written as both. */
export function serializeNew(metadata: Metadata): SerializedNew {
  const members = Object.entries(metadata).map(([key, value]) => ({ key, value: JSON.stringify(value) }));
  return {
    json: `{${members.map((m) => `${JSON.stringify(m.key)}:${m.value}`).join(',')}}`,
    patch: `[${members.map((m) => `{"op":"add","path":${JSON.stringify(`/${jsonpatch.escapePathComponent(m.key)}`)},"value":${m.value}}`).join(',')}]`,
  };
}

const insertRevision = preparedInsert('revisions', ['record_uuid', 'revision', 'action', 'json_patch', 'snapshot', 'actor', 'at'], 100);

/** One revision to write: its patch from the previous document and the document after it, both serialized. */
export interface NewRevision {
  uuid: string;
  revision: number;
  action: RevisionAction;
  patch: string;
  json: string;
  actor: number;
  at: string;
}

/** Revision rows, written together: the patch from the previous document, and a snapshot when one is due. */
export async function appendRevisions(
  db: Executor,
  entries: readonly NewRevision[],
): Promise<void> {
  await insertRevision(
    db,
    entries.map((e) => ({
      record_uuid: e.uuid,
      revision: e.revision,
      action: e.action,
      json_patch: e.patch,
      snapshot: e.revision > 0 && e.revision % SNAPSHOT_INTERVAL === 0 ? e.json : null,
      actor: e.actor,
      at: e.at,
    })),
  );
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

/**
 * The document as it was at a revision: the nearest snapshot at or before it plus the patches
 * since, or, before the first snapshot, every patch from nothing (histories written before
 * revision 0 went without a snapshot have one there).
 */
export async function documentAt(db: Executor, uuid: string, revision: number): Promise<{ metadata: Metadata; entry: RevisionEntry }> {
  const snapshot = await db
    .selectFrom('revisions')
    .select(['revision', 'snapshot'])
    .where('record_uuid', '=', uuid)
    .where('revision', '<=', revision)
    .where('snapshot', 'is not', null)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('revisions')
    .select(['revision', 'action', 'json_patch', 'actor', 'at'])
    .where('record_uuid', '=', uuid)
    .where('revision', '>=', snapshot ? Number(snapshot.revision) : 0)
    .where('revision', '<=', revision)
    .orderBy('revision', 'asc')
    .execute();
  const last = rows[rows.length - 1];
  if (!last || Number(last.revision) !== revision) throw notFound(`Revision ${revision} does not exist.`);
  let doc: Metadata = snapshot ? (JSON.parse(snapshot.snapshot!) as Metadata) : {};
  for (const row of snapshot ? rows.slice(1) : rows) {
    doc = jsonpatch.applyPatch(doc, JSON.parse(row.json_patch) as Operation[], false, true).newDocument;
  }
  return {
    metadata: doc,
    entry: { revision, action: last.action as RevisionAction, patch: JSON.parse(last.json_patch) as Operation[], actor: Number(last.actor), at: last.at },
  };
}
