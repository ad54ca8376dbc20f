import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { WriterThread } from '../../src/db/writer-thread.js';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';
import { addUser, addUserAnsweringFunction, endThread, misnamed, refuseUnreadable, refuseUser } from '../support/test-procedures.js';

describe.each(testDatabases)('write procedures ($dialect)', (testDatabase) => {
  let instance: TestInstance;
  let database: Database;

  beforeAll(async () => {
    instance = await startTestInstance(testDatabase);
    database = instance.capsule.database;
  });
  afterAll(() => instance.close());

  const emails = async (like: string) =>
    (await database.db.selectFrom('users').select('email').where('email', 'like', like).orderBy('email').execute()).map((r) => r.email);

  it('commits and answers; the next read sees what was written', async () => {
    const answer = await database.runWrite(addUser, 'first@example.org');
    expect(await database.db.selectFrom('users').select('id').where('email', '=', 'first@example.org').executeTakeFirst()).toEqual({ id: answer.id });
    // SQLite files are written by a thread of their own; PostgreSQL's transactions run where they are asked for.
    if (testDatabase.dialect === 'sqlite') expect(answer.threadId).not.toBe(threadId);
    else expect(answer.threadId).toBe(threadId);
  });

  it('in one batch, a call that fails is rolled back alone, with its error as it was thrown', async () => {
    const outcomes = await Promise.allSettled([
      database.runWrite(addUser, 'b1@example.org'),
      database.runWrite(refuseUser, 'b2@example.org'),
      database.runWrite(addUser, 'b1@example.org'),
      database.runWrite(addUser, 'b3@example.org'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    const refused = (outcomes[1] as PromiseRejectedResult).reason as unknown;
    expect(refused).toBeInstanceOf(CapsuleError);
    expect(refused).toMatchObject({ code: 'invalid', message: 'refused b2@example.org', errors: [{ field: ['email'], message: 'not this one' }] });
    // A driver's error keeps the code it is told apart by.
    const duplicate = (outcomes[2] as PromiseRejectedResult).reason as { code: string };
    expect(duplicate.code).toBe(testDatabase.dialect === 'sqlite' ? 'SQLITE_CONSTRAINT_UNIQUE' : '23505');
    expect(await emails('b_@example.org')).toEqual(['b1@example.org', 'b3@example.org']);
  });
  it('a CapsuleError of a subclass comes back as a CapsuleError, with its name, code and field errors', async () => {
    const error = await database.runWrite(refuseUnreadable, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapsuleError);
    expect(error).toMatchObject({ name: 'FormatSyntaxError', code: 'bad_request', errors: [{ field: ['record'], message: 'MARCXML, line 3, column 7: unclosed tag' }] });
  });
});

/** SQLite files: a thread of their own commits the procedures. */
describe('the writer thread (SQLite)', () => {
  let instance: TestInstance;
  let database: Database;

  beforeAll(async () => {
    instance = await startTestInstance(testDatabases.find((d) => d.dialect === 'sqlite')!);
    database = instance.capsule.database;
  });
  afterAll(() => instance.close());

  const emails = async (like: string) =>
    (await database.db.selectFrom('users').select('email').where('email', 'like', like).orderBy('email').execute()).map((r) => r.email);

  // PostgreSQL runs concurrent writes side by side, in no promised order.
  it('commits calls and other writes in the order they were asked for', async () => {
    const seen = await Promise.all([
      database.runWrite(addUser, 'o1@example.org'),
      database.write(async (trx) => (await trx.selectFrom('users').select('email').where('email', 'like', 'o_@example.org').execute()).length),
      database.runWrite(addUser, 'o2@example.org'),
      database.write(async (trx) => (await trx.selectFrom('users').select('email').where('email', 'like', 'o_@example.org').execute()).length),
    ]);
    expect([seen[1], seen[3]]).toEqual([1, 2]);
  });

  // Only another thread looks a procedure up by its name.
  it('refuses a procedure its module does not export under its name', async () => {
    await expect(database.runWrite(misnamed, undefined)).rejects.toThrow('exports no write procedure named somethingElse');
  });

  it('an answer that cannot cross to this thread fails its call; its write stands', async () => {
    await expect(database.runWrite(addUserAnsweringFunction, 'e1@example.org')).rejects.toThrow('could not be cloned');
    expect(await emails('e_@example.org')).toEqual(['e1@example.org']);
    await database.runWrite(addUser, 'e2@example.org');
    expect(await emails('e_@example.org')).toEqual(['e1@example.org', 'e2@example.org']);
  });

  it('a call refused in the batch of an answer that cannot cross keeps its own error', async () => {
    const [unsent, refused] = await Promise.allSettled([database.runWrite(addUserAnsweringFunction, 'f1@example.org'), database.runWrite(refuseUser, 'f2@example.org')]);
    expect((unsent as PromiseRejectedResult).reason.message).toMatch('could not be cloned');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'invalid', message: 'refused f2@example.org' });
    expect(await emails('f_@example.org')).toEqual(['f1@example.org']);
  });

  it('a thread that ends fails the batch it ran, and the next call has a new thread', async () => {
    const outcomes = await Promise.allSettled([database.runWrite(addUser, 'c1@example.org'), database.runWrite(endThread, undefined)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toBe('The writer thread stopped (exit code 3).');
    // Ended inside its transaction, before the commit.
    expect(await emails('c_@example.org')).toEqual([]);
    const after = await database.runWrite(addUser, 'c2@example.org');
    expect(after.threadId).not.toBe(threadId);
    expect(await emails('c_@example.org')).toEqual(['c2@example.org']);
  });

  it('is written by another connection: the main one counts no change of its own, and sees its commits', async () => {
    const ownChanges = async () => (await sql<{ n: number }>`select total_changes() as n`.execute(database.db)).rows[0]!.n;
    // What read caches are keyed by (dataVersion) moves with another connection's commits.
    const othersCommits = async () => (await sql<{ data_version: number }>`pragma data_version`.execute(database.db)).rows[0]!.data_version;
    const [before, versionBefore] = [await ownChanges(), await othersCommits()];
    await database.runWrite(addUser, 'd1@example.org');
    expect(await ownChanges()).toBe(before);
    expect(await othersCommits()).not.toBe(versionBefore);
    expect(await emails('d_@example.org')).toEqual(['d1@example.org']);
  });
});

describe('a closed writer thread', () => {
  it('refuses a batch, and starts no thread for it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'capsule-writer-'));
    try {
      const writer = new WriterThread(path.join(dir, 'capsule.db'));
      await writer.commit([]);
      await writer.close();
      await expect(writer.commit([])).rejects.toThrow('The writer thread is closed.');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
