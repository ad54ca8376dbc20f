import { CompiledQuery, type ControlledTransaction, type Kysely, type Transaction } from 'kysely';
import { WriteBatchEnd } from './end-of-transaction.js';
import type { Tables } from './tables.js';

export type WriteWork<T> = (trx: Transaction<Tables>) => Promise<T>;

/** What one write of a batch came to: its value once committed, or why it was not. */
export type WriteOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Runs `works` in one transaction, each inside its own savepoint: one that fails is rolled back
 * alone and the others go on. Returns each work's outcome, in order; a value is committed (not yet
 * flushed to disk). When the transaction itself fails (begin, a savepoint command, what the writes
 * left to its end, commit), nothing is committed and every work fails with that error.
 */
export function commitBatch(db: Kysely<Tables>, works: readonly WriteWork<unknown>[]): Promise<WriteOutcome[]> {
  return commit(db, works, true);
}

/**
 * commitBatch for works that may run twice (write procedures: plain data in, nothing kept
 * outside the transaction). The batch first runs without savepoints, which cost a tenth of a
 * new draft's inserts; should any work fail, that transaction is rolled back and the batch runs
 * again as commitBatch runs it, so each work still gets its own outcome.
 */
export async function commitRerunnableBatch(db: Kysely<Tables>, works: readonly WriteWork<unknown>[]): Promise<WriteOutcome[]> {
  if (works.length > 1) {
    const together = await commit(db, works, false);
    if (together.every((o) => o.ok)) return together;
  }
  return commitBatch(db, works);
}

/** Without `isolated`, a work that fails fails the whole transaction, as anything else does. */
async function commit(db: Kysely<Tables>, works: readonly WriteWork<unknown>[], isolated: boolean): Promise<WriteOutcome[]> {
  const failAll = (error: unknown): WriteOutcome[] => works.map(() => ({ ok: false, error }));
  let trx: ControlledTransaction<Tables>;
  try {
    trx = await db.startTransaction().execute();
  } catch (e) {
    return failAll(e);
  }
  const outcomes: WriteOutcome[] = [];
  const batchEnd = new WriteBatchEnd(trx);
  // Savepoint commands as fixed SQL text, prepared once by the connection: Kysely's builders
  // would compile them again for every write.
  const run = (command: string) => trx.executeQuery(CompiledQuery.raw(command));
  try {
    for (const [i, work] of works.entries()) {
      if (!isolated) {
        outcomes.push({ ok: true, value: await work(trx) });
        continue;
      }
      const name = `w${i}`;
      const mark = batchEnd.mark();
      await run(`savepoint ${name}`);
      try {
        const value = await work(trx);
        await run(`release ${name}`);
        outcomes.push({ ok: true, value });
      } catch (e) {
        await run(`rollback to ${name}`);
        await run(`release ${name}`);
        batchEnd.dropSince(mark);
        outcomes.push({ ok: false, error: e });
      }
    }
    // What the writes left to the end belongs to them all: if it fails, none of them is committed.
    await batchEnd.run();
    await trx.commit().execute();
  } catch (e) {
    await trx.rollback().execute().catch(() => {});
    return failAll(e);
  }
  return outcomes;
}
