import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
