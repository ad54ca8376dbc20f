import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.js';

type Executor = Kysely<Tables> | Transaction<Tables>;
type Write = () => Promise<void>;

/** The writes left to the end of each transaction that collects them, in the order they were left. */
const collecting = new WeakMap<Executor, Write[]>();

/**
 * Runs `write` once every other write sharing `db`'s transaction is done, just before it commits,
 * when that transaction collects such writes (a group commit's, see WriteBatchEnd); at once
 * otherwise. For statements that cost less run together than between the other writes of a
 * batch: FTS5 writes its pending terms out as a new index segment at every savepoint, and each
 * write of a group commit is one. Nothing in the transaction may read what `write` writes.
 */
export async function atEndOfTransaction(db: Executor, write: Write): Promise<void> {
  const writes = collecting.get(db);
  if (writes) writes.push(write);
  else await write();
}

/** The writes a group-commit transaction collects: kept while their own write stands, run before the commit. */
export class WriteBatchEnd {
  readonly #trx: Transaction<Tables>;
  readonly #writes: Write[] = [];

  constructor(trx: Transaction<Tables>) {
    this.#trx = trx;
    collecting.set(trx, this.#writes);
  }

  /** Where the writes left from now on begin: a write rolled back to its savepoint drops those it left. */
  mark(): number {
    return this.#writes.length;
  }

  dropSince(mark: number): void {
    this.#writes.length = mark;
  }

  /** Runs what was left, in order; anything left from then on runs at once. */
  async run(): Promise<void> {
    collecting.delete(this.#trx);
    for (const write of this.#writes) await write();
  }
}
