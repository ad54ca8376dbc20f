import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.js';

type Executor = Kysely<Tables> | Transaction<Tables>;

/** Writes rows, whichever write of a batch left them. */
export type RowWriter<R> = (db: Executor, rows: readonly R[]) => Promise<void>;

interface Left {
  writer: RowWriter<unknown>;
  rows: readonly unknown[];
}

/** The rows left to the end of each transaction that collects them, in the order they were left. */
const collecting = new WeakMap<Executor, Left[]>();

/**
 * Has `writer` write `rows` once every other write sharing `db`'s transaction is done, just
 * before it commits, when that transaction collects such rows (a group commit's, see
 * WriteBatchEnd); at once otherwise. For statements that cost less run together than between
 * the other writes of a batch: FTS5 writes its pending terms out as a new index segment at every
 * savepoint, and each write of a group commit is one. Nothing in the transaction may read what
 * is left.
 */
export async function atEndOfTransaction<R>(db: Executor, writer: RowWriter<R>, rows: readonly R[]): Promise<void> {
  const left = collecting.get(db);
  if (left) left.push({ writer: writer as RowWriter<unknown>, rows });
  else await writer(db, rows);
}

/** The rows a group-commit transaction collects: kept while the write that left them stands, written before the commit. */
export class WriteBatchEnd {
  readonly #trx: Transaction<Tables>;
  readonly #left: Left[] = [];

  constructor(trx: Transaction<Tables>) {
    this.#trx = trx;
    collecting.set(trx, this.#left);
  }

  /** Where what is left from now on begins: a write rolled back to its savepoint drops what it left. */
  mark(): number {
    return this.#left.length;
  }

  dropSince(mark: number): void {
    this.#left.length = mark;
  }

  /**
   * Writes what was left, in order; rows left one after the other for the same writer go to it
   * together (a batch of new drafts' words in one statement). Anything left from then on is
   * written at once.
   */
  async run(): Promise<void> {
    collecting.delete(this.#trx);
    for (let i = 0; i < this.#left.length; ) {
      const { writer } = this.#left[i]!;
      const rows: unknown[] = [];
      for (; i < this.#left.length && this.#left[i]!.writer === writer; i++) rows.push(...this.#left[i]!.rows);
      await writer(this.#trx, rows);
    }
  }
}
