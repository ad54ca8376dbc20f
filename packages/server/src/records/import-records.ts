import { sql, type Transaction } from 'kysely';
import type { User } from '../accounts/account-types.js';
import { PUBLIC_RECORD, type Grant } from '../access/access-types.js';
import { creatorGrants } from '../access/rights.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError, type FieldError } from '../errors/capsule-error.js';
import type { StoredSchema } from '../schemas/schema-types.js';
import { inChunks } from '../search/in-chunks.js';
import { insertSearchDocuments } from '../search/search-index.js';
import type { RecordDeps } from './deposit-context.js';
import { appendRevisions, serializeNew } from './history.js';
import { cleanMetadata } from './metadata.js';
import { mintRecid, newDraftId } from './record-ids.js';
import { recordStore } from './record-store.js';
import type { Metadata, RecordHead } from './record-types.js';

/** What an import needs of the instance. */
export type ImportDeps = Pick<RecordDeps, 'db' | 'dialect' | 'write' | 'schemas'>;

/** One record to import and where it came from (`file.json#12`), for the error list. */
export interface ImportItem {
  source: string;
  metadata: unknown;
}

export interface ImportOptions {
  /** Keep the records to the importing account instead of making them readable by everyone. */
  private?: boolean;
  /** Import drafts of the importing account (validated as drafts are, private to it) instead of published records. */
  draft?: boolean;
  /** Called after each committed batch with how many records are done (imported or failed). */
  onProgress?: (done: number) => void;
}

export interface ImportFailure {
  source: string;
  message: string;
  errors: FieldError[];
}

export interface ImportReport {
  imported: number;
  failed: ImportFailure[];
}

/** Records per transaction: large enough that commits do not dominate, small enough to keep memory flat. */
const BATCH = 2000;

interface Prepared {
  source: string;
  uuid: string;
  /** The minted record id; none for a draft. */
  recid: string | null;
  metadata: Metadata;
}

/**
 * Imports records as published, in batches: every record is validated fully up front (a record
 * that fails is listed, never written), then each batch is one transaction that writes, per
 * record, the head, version 1, revision 0, the grants (the importer's, and everyone's read unless
 * private) and the search rows. Should a batch still fail, its records are retried one by one,
 * so each record is imported whole or not at all. As drafts, records are validated as drafts
 * are, get no record id or version, and only the importer's grants.
 */
export async function importRecords(
  deps: ImportDeps,
  owner: User,
  schema: StoredSchema,
  items: Iterable<ImportItem> | AsyncIterable<ImportItem>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  if (schema.kind !== 'collection') throw new CapsuleError('bad_request', `${schema.name} is a shared schema; records are made with a collection schema.`);
  const draft = options.draft ?? false;
  const validate = await deps.schemas.validator(schema, draft ? 'draft' : 'full');
  const grants: Grant[] = [...creatorGrants(owner.id), ...(options.private || draft ? [] : [PUBLIC_RECORD])];
  const report: ImportReport = { imported: 0, failed: [] };
  const taken = new Set<string>();
  let done = 0;
  let batch: Prepared[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    if (!draft) await mintUnique(deps, schema, records, taken);
    try {
      await deps.write((trx) => writeBatch(trx, deps, owner, schema, grants, records));
      report.imported += records.length;
    } catch {
      for (const record of records) {
        try {
          await deps.write((trx) => writeBatch(trx, deps, owner, schema, grants, [record]));
          report.imported++;
        } catch (e) {
          report.failed.push({ source: record.source, message: (e as Error).message, errors: [] });
        }
      }
    }
    done += records.length;
    options.onProgress?.(done);
  };

  // The batch being written: a commit is acknowledged once the log is on disk, and the next
  // batch is read and validated while that wait lasts. One batch is written at a time.
  let writing: Promise<void> = Promise.resolve();
  const writeNext = async () => {
    await writing;
    writing = flush();
    // Its failure is thrown where it is awaited, by the next batch or at the end, not as unhandled meanwhile.
    writing.catch(() => {});
  };

  await whileImporting(deps, async () => {
    try {
      await readAll();
    } finally {
      await writing;
    }
    await flush();
  });
  await analyzeImported(deps);
  return report;

  async function readAll(): Promise<void> {
    for await (const item of items) {
      let metadata: Metadata;
      try {
        metadata = cleanMetadata(item.metadata);
      } catch (e) {
        report.failed.push({ source: item.source, message: (e as Error).message, errors: [] });
        done++;
        continue;
      }
      const errors = validate(metadata);
      if (errors.length) {
        report.failed.push({ source: item.source, message: 'Validation error.', errors });
        done++;
        continue;
      }
      batch.push({ source: item.source, uuid: newDraftId(), recid: null, metadata });
      if (batch.length >= BATCH) await writeNext();
    }
  }
}

/** SQLite's page cache while importing, in KiB: room for the pages of every index being filled. */
const IMPORT_CACHE_KIB = 131_072;

/** Rows of each index SQLite's ANALYZE reads: a sample, as PostgreSQL takes one. */
const ANALYSIS_LIMIT = 1000;

/** Runs `run` with a setting of the SQLite connection changed, then restores it; on PostgreSQL, just runs it. */
async function withSqliteSetting(deps: ImportDeps, name: 'cache_size' | 'analysis_limit', value: number, run: () => Promise<void>): Promise<void> {
  if (deps.dialect !== 'sqlite') return run();
  const { rows } = await sql.raw<Record<string, number>>(`pragma ${name}`).execute(deps.db);
  const previous = Number(rows[0]![name]);
  await sql.raw(`pragma ${name} = ${value}`).execute(deps.db);
  try {
    await run();
  } finally {
    await sql.raw(`pragma ${name} = ${previous}`).execute(deps.db);
  }
}

/**
 * Runs the import's writes with SQLite's page cache set for a bulk load, then copies what is left
 * of the write-ahead log into the database. With the default 2 MB page cache, the facet and value
 * indexes being filled do not fit: pages are evicted in the middle of a batch, written to the log,
 * read back and written again. The copy at the end is the import's, not the next request's, and
 * the log is truncated, so the import does not leave a log of tens of megabytes on disk.
 */
async function whileImporting(deps: ImportDeps, run: () => Promise<void>): Promise<void> {
  await withSqliteSetting(deps, 'cache_size', -IMPORT_CACHE_KIB, run);
  if (deps.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(deps.db);
}

/**
 * Planner statistics, so searches over what was just loaded use the right indexes. SQLite
 * estimates them from a sample of each index: reading every row of the large ones would cost
 * as much as a good part of the import.
 */
const analyzeImported = (deps: ImportDeps) =>
  withSqliteSetting(deps, 'analysis_limit', ANALYSIS_LIMIT, async () => {
    for (const table of ['records', 'access', 'facets', 'search_docs', 'search_values']) await sql`analyze ${sql.table(table)}`.execute(deps.db);
  });

/** Record ids from the schema's pattern, unique among themselves and against the database. */
async function mintUnique(deps: ImportDeps, schema: StoredSchema, records: Prepared[], taken: Set<string>): Promise<void> {
  const minted = (r: Prepared) => r.recid!;
  let pending = records;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === 20) throw new CapsuleError('unavailable', 'Could not mint unique record ids; the id pattern may be exhausted.');
    for (const r of pending) {
      do r.recid = mintRecid(schema.config.pid_format, schema.experiment, schema.name);
      while (taken.has(minted(r)));
      taken.add(minted(r));
    }
    const clash = new Set(
      (await deps.db.selectFrom('records').select('recid').where('recid', 'in', pending.map(minted)).execute()).map((row) => row.recid),
    );
    pending = pending.filter((r) => clash.has(minted(r)));
  }
}

const statusOf = (r: Prepared) => (r.recid === null ? 'draft' : 'published');
/** A draft is found among drafts; a published record among drafts (its head) and among records. */
const scopesOf = (r: Prepared) => (r.recid === null ? (['draft'] as const) : (['draft', 'published'] as const));

async function writeBatch(trx: Transaction<Tables>, deps: ImportDeps, owner: User, schema: StoredSchema, grants: readonly Grant[], records: readonly Prepared[]): Promise<void> {
  const now = new Date().toISOString();
  const serialized = records.map((r) => serializeNew(r.metadata));
  const json = serialized.map((s) => s.json);
  const heads = records.map((r, i): { head: RecordHead; json: string } => ({
    head: {
      uuid: r.uuid,
      recid: r.recid,
      status: statusOf(r),
      schemaName: schema.name,
      schemaVersion: schema.version,
      metadata: r.metadata,
      revision: 0,
      createdBy: owner.id,
      created: now,
      updated: now,
      clonedFrom: null,
      deleted: null,
    },
    json: json[i]!,
  }));
  await recordStore.insertHeads(trx, heads);
  // Drafts have no published version yet.
  const versions = records.flatMap((r, i) =>
    r.recid === null
      ? []
      : [{ version: { recid: r.recid, version: 1, recordUuid: r.uuid, schemaName: schema.name, schemaVersion: schema.version, metadata: r.metadata, revision: 0, publishedBy: owner.id, published: now }, json: json[i]! }],
  );
  await recordStore.insertVersions(trx, versions);
  // Revision 0 holds the whole document, as the patch from nothing.
  await appendRevisions(
    trx,
    records.map((r, i) => ({ uuid: r.uuid, revision: 0, action: 'create', ...serialized[i]!, actor: owner.id, at: now })),
  );
  const access = records.flatMap((r) => grants.map((g) => ({ record_uuid: r.uuid, action: g.action, subject_type: g.subjectType, subject: g.subject })));
  for (const rows of inChunks(access, 500)) await trx.insertInto('access').values(rows).execute();
  await insertSearchDocuments(
    trx,
    deps.dialect,
    records.flatMap((r) => scopesOf(r).map((scope) => ({ uuid: r.uuid, scope, schema, status: statusOf(r), metadata: r.metadata, updated: now }))),
  );
}
