import type { Transaction } from 'kysely';
import type { DialectName } from './database.js';
import type { Tables } from './tables.js';

/**
 * A write whose work is a function of plain data (structured-clone values in, and out), so that
 * it can run on another thread, with that thread's own connection: `run` may read and write
 * through `trx` alone, and must not count on anything else of the caller's process. It may run
 * more than once for one call, each time in a transaction that is rolled back but the last.
 * Defined at a module's top level and exported under `name`: another thread finds it by
 * importing `module`.
 */
export interface WriteProcedure<A, R> {
  /** The URL of the module that exports it (its `import.meta.url`). */
  readonly module: string;
  /** The name it is exported under. */
  readonly name: string;
  readonly run: (trx: Transaction<Tables>, dialect: DialectName, args: A) => Promise<R>;
}

/** One call of a procedure, as it crosses to another thread. */
export interface ProcedureCall {
  module: string;
  name: string;
  args: unknown;
}

export function writeProcedure<A, R>(module: string, name: string, run: WriteProcedure<A, R>['run']): WriteProcedure<A, R> {
  return { module, name, run };
}

/** The procedure a call names: its module's export of that name, checked to be a procedure of the same name. */
export async function procedureOf(call: Pick<ProcedureCall, 'module' | 'name'>): Promise<WriteProcedure<unknown, unknown>> {
  const exported = ((await import(call.module)) as Record<string, unknown>)[call.name] as Partial<WriteProcedure<unknown, unknown>> | undefined;
  if (exported?.name !== call.name || typeof exported.run !== 'function') throw new Error(`${call.module} exports no write procedure named ${call.name}.`);
  return exported as WriteProcedure<unknown, unknown>;
}
