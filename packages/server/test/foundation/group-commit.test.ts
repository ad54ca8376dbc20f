import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atEndOfTransaction, type RowWriter } from '../../src/db/end-of-transaction.js';
import { GroupCommit, type BatchCommitter, type DurableBatch } from '../../src/db/group-commit.js';
import { commitRerunnableBatch, type WriteWork } from '../../src/db/write-batch.js';
import { writeProcedure, type ProcedureCall } from '../../src/db/write-procedure.js';
import { ImmediateSqliteDialect } from '../../src/db/sqlite-dialect.js';
import type { Tables } from '../../src/db/tables.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

describe.each(testDatabases)('write transactions ($dialect)', (database) => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await startTestInstance(database);
  });
  afterAll(() => instance.close());

  const addUser = (email: string, fail = false) =>
    instance.capsule.database.write(async (trx) => {
      await trx.insertInto('users').values({ email, profile: '{}', is_admin: 0, active: 1, created: new Date().toISOString() }).execute();
      if (fail) throw new Error(`refused ${email}`);
      return email;
    });

  it('commits concurrent writes, and rolls back a failing one alone with everything it wrote', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => addUser(`w${i}@example.org`, i % 7 === 3)));
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([3, 10, 17, 24, 31, 38]);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.message)).toContain('refused w3@example.org');
    const stored = await instance.capsule.database.db.selectFrom('users').select('email').where('email', 'like', 'w%@example.org').execute();
    expect(stored.map((r) => r.email).sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => i)
        .filter((i) => i % 7 !== 3)
        .map((i) => `w${i}@example.org`)
        .sort(),
    );
  });

  it('a constraint violation fails that write only', async () => {
    await addUser('dup@example.org');
    const [again, other] = await Promise.allSettled([addUser('dup@example.org'), addUser('fresh@example.org')]);
    expect(again.status).toBe('rejected');
    expect(other).toEqual({ status: 'fulfilled', value: 'fresh@example.org' });
  });
});

describe('group commit and flushes (SQLite)', () => {
  let db: Kysely<Tables>;
  /** Each flush the group commit started, settled by the test. */
  let flushes: { resolve(): void; reject(e: Error): void }[];
  let group: GroupCommit;

  beforeEach(async () => {
    db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: new SQLite(':memory:') }) });
    await sql`create table t (v text)`.execute(db);
    flushes = [];
    group = new GroupCommit(db, () => new Promise<void>((resolve, reject) => flushes.push({ resolve, reject })));
  });
  afterEach(() => db.destroy());

  const insert = (v: string) => group.write(async (trx) => (await sql`insert into t (v) values (${v})`.execute(trx), v));
  const stored = async () => (await sql<{ v: string }>`select v from t order by v`.execute(db)).rows.map((r) => r.v);
  /** Until `check` holds, letting the event loop run (commits wait for the next turn). */
  const until = async (check: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setImmediate(r));
    expect(await check()).toBe(true);
  };
  const settled = (p: Promise<unknown>) => {
    const state = { done: false };
    p.then(() => (state.done = true), () => (state.done = true));
    return state;
  };

  it('runs the next batch while a flush is under way, and acknowledges each write only after a flush begun after its commit', async () => {
    const a = insert('a');
    const aState = settled(a);
    await until(() => flushes.length === 1);
    // The first flush is under way: the next write still runs and commits, but waits to be acknowledged.
    const b = insert('b');
    const bState = settled(b);
    await until(async () => (await stored()).includes('b'));
    expect(flushes).toHaveLength(1);
    expect([aState.done, bState.done]).toEqual([false, false]);

    flushes[0]!.resolve();
    await expect(a).resolves.toBe('a');
    // b committed after the first flush began: only the second one covers it.
    await until(() => flushes.length === 2);
    expect(bState.done).toBe(false);
    flushes[1]!.resolve();
    await expect(b).resolves.toBe('b');
  });

  it('one flush covers every batch committed while the one before it ran', async () => {
    const first = insert('a');
    await until(() => flushes.length === 1);
    const later = [insert('b'), insert('c')];
    await until(async () => (await stored()).length === 3);
    await new Promise((r) => setImmediate(r));
    const d = insert('d');
    await until(async () => (await stored()).length === 4);
    expect(flushes).toHaveLength(1);
    flushes[0]!.resolve();
    await first;
    await until(() => flushes.length === 2);
    flushes[1]!.resolve();
    await expect(Promise.all([...later, d])).resolves.toEqual(['b', 'c', 'd']);
    expect(flushes).toHaveLength(2);
  });

  it('acknowledges procedures when the committer elsewhere answers, flushed there; a committer that fails fails its batch alone', async () => {
    const batches: ProcedureCall[][] = [];
    let answer: (calls: ProcedureCall[]) => DurableBatch = (calls) => ({ outcomes: calls.map((c) => ({ ok: true, value: c.args })) });
    const elsewhere: BatchCommitter = {
      commit: async (calls) => {
        batches.push(calls);
        return answer(calls);
      },
    };
    group = new GroupCommit(db, () => new Promise<void>((resolve, reject) => flushes.push({ resolve, reject })), undefined, elsewhere);
    const echo = writeProcedure(import.meta.url, 'echo', async (_trx, _dialect, v: string) => v);
    await expect(Promise.all([group.call(echo, 'a'), group.call(echo, 'b')])).resolves.toEqual(['a', 'b']);
    expect(batches).toEqual([[{ module: import.meta.url, name: 'echo', args: 'a' }, { module: import.meta.url, name: 'echo', args: 'b' }]]);
    // Flushed by the committer: none here.
    expect(flushes).toHaveLength(0);

    answer = () => {
      throw new Error('thread ended');
    };
    await expect(group.call(echo, 'c')).rejects.toThrow('thread ended');
    // The writes after it go on.
    const d = insert('d');
    await until(() => flushes.length === 1);
    flushes[0]!.resolve();
    await expect(d).resolves.toBe('d');
  });

  it('a flush that failed elsewhere fails what that batch committed, and refuses every later write', async () => {
    const elsewhere: BatchCommitter = {
      commit: async (calls) => ({ outcomes: calls.map((c) => (c.args === 'bad' ? { ok: false, error: new Error('refused') } : { ok: true, value: c.args })), flushFailure: new Error('EIO') }),
    };
    group = new GroupCommit(db, () => new Promise<void>((resolve, reject) => flushes.push({ resolve, reject })), undefined, elsewhere);
    const echo = writeProcedure(import.meta.url, 'echo', async (_trx, _dialect, v: string) => v);
    const [good, bad] = await Promise.allSettled([group.call(echo, 'good'), group.call(echo, 'bad')]);
    expect((good as PromiseRejectedResult).reason.message).toBe('EIO');
    expect((bad as PromiseRejectedResult).reason.message).toBe('refused');
    await expect(insert('later')).rejects.toThrow('EIO');
    await expect(group.call(echo, 'later')).rejects.toThrow('EIO');
  });

  it('a failed flush fails the writes it covered and refuses every later write', async () => {
    const a = insert('a');
    await until(() => flushes.length === 1);
    const b = insert('b');
    await until(async () => (await stored()).includes('b'));
    flushes[0]!.reject(new Error('EIO'));
    await expect(a).rejects.toThrow('EIO');
    // b was committed on top of a log that may not be on disk: it is not acknowledged either.
    await expect(b).rejects.toThrow('EIO');
    await expect(insert('c')).rejects.toThrow('EIO');
    expect(await stored()).toEqual(['a', 'b']);
    expect(flushes).toHaveLength(1);
  });

  /** Rows left to the end of the transaction, each written with its own statement; `calls` records each call of the writer. */
  const calls: string[][] = [];
  const writeRows = async (trx: Parameters<RowWriter<string>>[0], rows: readonly string[]) => {
    calls.push([...rows]);
    for (const v of rows) await sql`insert into t (v) values (${v})`.execute(trx);
  };
  beforeEach(() => {
    calls.length = 0;
  });

  it('writes what the writes of a batch left to its end after all of them, together and before the commit, without what a failed write left', async () => {
    const order: string[] = [];
    const leaving = (v: string, fail = false) =>
      group.write(async (trx) => {
        await sql`insert into t (v) values (${v})`.execute(trx);
        await atEndOfTransaction(trx, writeRows, [`${v}-end`]);
        order.push(v);
        if (fail) throw new Error(`refused ${v}`);
        return v;
      });
    const outcomes = Promise.allSettled([leaving('a'), leaving('b', true), leaving('c')]);
    await until(() => flushes.length === 1);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual([['a-end', 'c-end']]);
    expect(await stored()).toEqual(['a', 'a-end', 'c', 'c-end']);
    flushes[0]!.resolve();
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('rows left for different writers keep their order: only rows left one after the other for the same writer go together', async () => {
    const removed: string[][] = [];
    const removeRows = async (trx: Parameters<RowWriter<string>>[0], rows: readonly string[]) => {
      removed.push([...rows]);
      for (const v of rows) await sql`delete from t where v = ${v}`.execute(trx);
    };
    const writes = ['x', 'y'].map((v) =>
      group.write(async (trx) => {
        await atEndOfTransaction(trx, writeRows, [v]);
        await atEndOfTransaction(trx, removeRows, [v]);
        await atEndOfTransaction(trx, writeRows, [`${v}2`]);
      }),
    );
    await until(() => flushes.length === 1);
    flushes[0]!.resolve();
    await Promise.all(writes);
    expect(calls).toEqual([['x'], ['x2', 'y'], ['y2']]);
    expect(removed).toEqual([['x'], ['y']]);
    expect(await stored()).toEqual(['x2', 'y2']);
  });

  it('rows left to the end whose writing fails fail every write of their batch, and none is committed, nor any row written at the end before', async () => {
    const refuse = async () => {
      throw new Error('end refused');
    };
    const outcomes = Promise.allSettled(
      ['a', 'b'].map((v) =>
        group.write(async (trx) => {
          await sql`insert into t (v) values (${v})`.execute(trx);
          await atEndOfTransaction(trx, writeRows, [`${v}-end`]);
          await atEndOfTransaction(trx, refuse, [v]);
          return v;
        }),
      ),
    );
    expect((await outcomes).map((o) => o.status === 'rejected' && (o.reason as Error).message)).toEqual(['end refused', 'end refused']);
    // The rows written at the end before the failure are rolled back with the writes.
    expect(calls).toEqual([['a-end']]);
    expect(await stored()).toEqual([]);
    expect(flushes).toHaveLength(0);
  });

  it('outside a group commit rows left to the end are written at once', async () => {
    const seen = await db.transaction().execute(async (trx) => {
      await atEndOfTransaction(trx, writeRows, ['now']);
      return (await sql<{ v: string }>`select v from t`.execute(trx)).rows.map((r) => r.v);
    });
    expect(seen).toEqual(['now']);
  });

  it('a batch of works that may run twice runs once without savepoints; should one fail, it runs again, each work in its own', async () => {
    const commands: string[] = [];
    const logged = new Kysely<Tables>({
      dialect: new ImmediateSqliteDialect({ database: new SQLite(':memory:') }),
      log: (event) => void commands.push(event.query.sql),
    });
    try {
      await sql`create table t (v text)`.execute(logged);
      const runs: string[] = [];
      const work =
        (v: string, fail = false): WriteWork<unknown> =>
        async (trx) => {
          runs.push(v);
          await sql`insert into t (v) values (${v})`.execute(trx);
          if (fail) throw new Error(`refused ${v}`);
          return v;
        };
      const savepoints = () => commands.filter((c) => c.startsWith('savepoint')).length;
      expect(await commitRerunnableBatch(logged, [work('a'), work('b')])).toEqual([{ ok: true, value: 'a' }, { ok: true, value: 'b' }]);
      expect(runs).toEqual(['a', 'b']);
      expect(savepoints()).toBe(0);
      runs.length = 0;
      const outcomes = await commitRerunnableBatch(logged, [work('c'), work('d', true), work('e')]);
      expect(outcomes.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual(['c', 'refused d', 'e']);
      // Together until d failed, then again, each in a savepoint of its own.
      expect(runs).toEqual(['c', 'd', 'c', 'd', 'e']);
      expect(savepoints()).toBe(3);
      expect((await sql<{ v: string }>`select v from t order by v`.execute(logged)).rows.map((r) => r.v)).toEqual(['a', 'b', 'c', 'e']);
    } finally {
      await logged.destroy();
    }
  });

  it('a write queued when a flush fails is refused without being committed', async () => {
    const a = insert('a');
    await until(() => flushes.length === 1);
    flushes[0]!.reject(new Error('EIO'));
    // Queued in the same turn, before the failure is seen: it runs after it.
    const c = insert('c');
    await expect(a).rejects.toThrow('EIO');
    await expect(c).rejects.toThrow('EIO');
    expect(await stored()).toEqual(['a']);
  });
});
