import { CapsuleError } from '../../src/errors/capsule-error.js';
import { FormatSyntaxError } from '../../src/formats/format-error.js';
import { writeProcedure } from '../../src/db/write-procedure.js';

/** Write procedures for the tests of where they run: found by the writer thread in this module. */

/** Adds a user; answers its id and the id of the thread that wrote it. */
export const addUser = writeProcedure(import.meta.url, 'addUser', async (trx, _dialect, email: string) => {
  const { id } = await trx
    .insertInto('users')
    .values({ email, profile: '{}', is_admin: 0, active: 1, created: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { threadId } = await import('node:worker_threads');
  return { id: Number(id), threadId };
});

/** Adds a user, then refuses: nothing of it may stay. */
export const refuseUser = writeProcedure(import.meta.url, 'refuseUser', async (trx, _dialect, email: string) => {
  await trx.insertInto('users').values({ email, profile: '{}', is_admin: 0, active: 1, created: new Date().toISOString() }).execute();
  throw new CapsuleError('invalid', `refused ${email}`, [{ field: ['email'], message: 'not this one' }]);
});

/** Adds a user, then answers what cannot cross to another thread. */
export const addUserAnsweringFunction = writeProcedure(import.meta.url, 'addUserAnsweringFunction', async (trx, dialect, email: string) => {
  await addUser.run(trx, dialect, email);
  return () => email;
});

/** Ends the thread it runs on, as a crash would. */
export const endThread = writeProcedure(import.meta.url, 'endThread', async () => {
  process.exit(3);
});

/** Exported under a name other than its own. */
export const misnamed = writeProcedure(import.meta.url, 'somethingElse', async () => undefined);

/** Refuses with a subclass of CapsuleError that names itself otherwise. */
export const refuseUnreadable = writeProcedure(import.meta.url, 'refuseUnreadable', async () => {
  throw new FormatSyntaxError('MARCXML', 'unclosed tag', { line: 3, column: 7 }, ['record']);
});
