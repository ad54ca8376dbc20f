import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection, sqliteKysely } from './sqlite-connection.js';
import { WalFile } from './wal-file.js';
import { sentError, type SentError } from './thread-errors.js';
import { commitRerunnableBatch, type WriteWork } from './write-batch.js';
import { procedureOf, type ProcedureCall, type WriteProcedure } from './write-procedure.js';

/** The writer thread's side (see WriterThread): its own connection, committing the batches it is sent, one at a time. */

export type WriterRequest = { id: number; calls: ProcedureCall[] } | 'stop';
export type SentOutcome = { ok: true; value: unknown } | { ok: false; error: SentError };
export interface WriterReply {
  id: number;
  outcomes: SentOutcome[];
  /** Why what committed may not be on disk: the log's fdatasync failed. */
  flushFailure?: SentError;
}

const port = parentPort;
if (!port) throw new Error('The writer thread module runs only as a worker thread.');
const { file } = workerData as { file: string };
const db = sqliteKysely(openSqliteConnection(file));
const wal = new WalFile(file);

/** The procedures found so far, by module and name: importing a module again still costs a resolution. */
const procedures = new Map<string, Promise<WriteProcedure<unknown, unknown>>>();

/** A call's work, or the failure to find its procedure: that call fails alone. */
async function workOf(call: ProcedureCall): Promise<WriteWork<unknown>> {
  const key = `${call.module}#${call.name}`;
  let found = procedures.get(key);
  if (!found) procedures.set(key, (found = procedureOf(call)));
  try {
    const procedure = await found;
    return (trx) => procedure.run(trx, 'sqlite', call.args);
  } catch (e) {
    return () => Promise.reject(e);
  }
}

async function commit(id: number, calls: ProcedureCall[]): Promise<void> {
  // The procedures' modules are loaded before the transaction begins, not while it holds the write lock.
  const works = await Promise.all(calls.map(workOf));
  const outcomes = await commitRerunnableBatch(db, works);
  // Made durable here, before answering: the event loop, busy with requests, would start the
  // flush later, and hear of its end later again. Only this thread waits for the disk.
  let flushFailure: SentError | undefined;
  if (outcomes.some((o) => o.ok)) {
    try {
      wal.flushNow();
    } catch (e) {
      flushFailure = sentError(e);
    }
  }
  const flushed = flushFailure ? { flushFailure } : {};
  const sent = outcomes.map((o): SentOutcome => (o.ok ? o : { ok: false, error: sentError(o.error) }));
  try {
    port!.postMessage({ id, outcomes: sent, ...flushed } satisfies WriterReply);
  } catch (e) {
    // A value that cannot be sent (a procedure must answer with plain data): the writes that
    // answered stand, unacknowledged; those refused keep their own errors. A failed flush still
    // refuses every later write.
    const unsent = sent.map((o): SentOutcome => (o.ok ? { ok: false, error: sentError(e) } : o));
    port!.postMessage({ id, outcomes: unsent, ...flushed } satisfies WriterReply);
  }
}

// Batches are committed in the order they come, each after the one before has ended.
let previous = Promise.resolve();
port.on('message', (request: WriterRequest) => {
  previous = previous
    .then(async () => {
      if (request !== 'stop') return commit(request.id, request.calls);
      await db.destroy();
      wal.close();
      port.close();
    })
    .catch((e: unknown) => {
      // Unforeseen: the thread ends with it, and the other side fails what it was waiting for.
      process.nextTick(() => {
        throw e;
      });
    });
});
