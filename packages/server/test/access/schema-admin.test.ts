import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { WriteWork } from '../../src/db/write-batch.js';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { SchemaRegistry } from '../../src/schemas/schema-registry.js';
import { client, type Client } from '../support/client.js';
import { testDatabases } from '../support/databases.js';
import { startTestInstance, type TestInstance } from '../support/instance.js';

const firstVersion = (name: string, title = 'string') => ({ name, version: '1.0.0', deposit_schema: { type: 'object', properties: { title: { type: title } } } });

/** How a change to a schema version ended: refused with the error, or done. */
async function outcome(change: Promise<unknown>): Promise<CapsuleError | 'done'> {
  return change.then(
    () => 'done' as const,
    (e: unknown) => {
      if (e instanceof CapsuleError) return e;
      throw e;
    },
  );
}

describe.each(testDatabases)('changing the schema registry over HTTP ($dialect)', (database) => {
  let instance: TestInstance;
  let admin: Client;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    await instance.capsule.accounts.ensureUser('root@example.org', { isAdmin: true });
    admin = client(instance.app, (await instance.capsule.accounts.createToken('root@example.org', { scopes: ['deposit:write', 'schemas:admin'] })).token);
  });
  afterAll(() => instance.close());

  const schema = (version: string, extra: Record<string, unknown> = {}) => ({
    name: 'admin-test',
    version,
    experiment: 'TEST',
    deposit_schema: { type: 'object', properties: { title: { type: 'string' }, ...extra } },
  });

  it('adds (201), replaces and deletes a version no record uses yet', async () => {
    const added = await admin.post('/api/jsonschemas/', schema('1.0.0'));
    expect(added.status).toBe(201);
    expect(added.headers.location).toBe('http://capsule.test/api/jsonschemas/admin-test/1.0.0');
    const replaced = await admin.put('/api/jsonschemas/admin-test/1.0.0', schema('1.0.0', { year: { type: 'integer' } }));
    expect(replaced.status).toBe(200);
    expect(replaced.body.deposit_schema.properties.year).toEqual({ type: 'integer' });
    expect((await admin.put('/api/jsonschemas/admin-test/1.0.0', schema('2.0.0'))).status).toBe(400);
    expect((await admin.delete('/api/jsonschemas/admin-test/1.0.0')).status).toBe(204);
    expect((await admin.get('/api/jsonschemas/admin-test/1.0.0')).status).toBe(404);
  });

  it('refuses to change a version a record uses, and validators follow a replacement', async () => {
    await admin.post('/api/jsonschemas/', schema('1.1.0'));
    // The validator compiled now must not survive the replacement below.
    expect((await admin.post('/api/jsonschemas/admin-test/1.1.0/validate', { title: 5 })).body.valid).toBe(false);
    await admin.put('/api/jsonschemas/admin-test/1.1.0', { ...schema('1.1.0'), deposit_schema: { type: 'object' } });
    expect((await admin.post('/api/jsonschemas/admin-test/1.1.0/validate', { title: 5 })).body.valid).toBe(true);
    expect((await admin.post('/api/deposits/', { $ana_type: 'admin-test', title: 'uses it' })).status).toBe(201);
    const put = await admin.put('/api/jsonschemas/admin-test/1.1.0', schema('1.1.0'));
    expect(put.status).toBe(400);
    expect(put.body.message).toBe('admin-test 1.1.0 is used by records and cannot change; add a new version instead.');
    expect((await admin.delete('/api/jsonschemas/admin-test/1.1.0')).status).toBe(400);
  });

  it('refuses to change a shared schema another schema references', async () => {
    await admin.post('/api/jsonschemas/', { name: 'shared-part', version: '1.0.0', kind: 'shared', deposit_schema: { type: 'string' } });
    await admin.post('/api/jsonschemas/', { name: 'uses-part', version: '1.0.0', deposit_schema: { type: 'object', properties: { p: { $ref: '/schemas/shared/shared-part-v1.0.0.json' } } } });
    const res = await admin.delete('/api/jsonschemas/shared-part/1.0.0');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('shared-part 1.0.0 is referenced by uses-part 1.0.0 and cannot change.');
  });

  it('gives uploads that are not schemas a 400 with the reason and where', async () => {
    const notSchema = await admin.post('/api/jsonschemas/', { ...schema('3.0.0'), deposit_schema: { type: 'objekt' } });
    expect(notSchema.status).toBe(400);
    expect(notSchema.body.errors[0].field[0]).toBe('deposit_schema');
    const dangling = await admin.post('/api/jsonschemas/', { ...schema('3.0.1'), deposit_schema: { $ref: '/schemas/shared/nothing-v9.9.9.json' } });
    expect(dangling.status).toBe(400);
    expect(dangling.body.message).toMatch(/resolves nowhere/);
    const semver = await admin.post('/api/jsonschemas/', schema('3.0'));
    expect(semver.body.errors).toEqual([{ field: ['version'], message: 'must be a semantic version such as 1.0.0' }]);
    expect((await admin.get('/api/jsonschemas/admin-test/versions')).body.versions).not.toContain('3.0.0');
  });

  /**
   * A registry over the instance's database whose next write first lets a record be made with
   * `name`: what a request creating a draft does when it lands between a change's checks and its write.
   */
  function registryWithRecordMadeBeforeWrite(name: string): SchemaRegistry {
    const { db, dialect, write } = instance.capsule.database;
    let made = false;
    const racing: Pick<Database, 'db' | 'write' | 'dialect'> = {
      db,
      dialect,
      write: async <T,>(work: WriteWork<T>): Promise<T> => {
        if (!made) {
          made = true;
          expect((await admin.post('/api/deposits/', { $ana_type: name, title: 'made meanwhile' })).status).toBe(201);
        }
        return write(work);
      },
    };
    return new SchemaRegistry(racing, instance.capsule.schemas.baseUrl);
  }

  it.each([
    ['replaced', (registry: SchemaRegistry, name: string) => registry.replace(name, '1.0.0', firstVersion(name, 'integer'))],
    ['removed', (registry: SchemaRegistry, name: string) => registry.remove(name, '1.0.0')],
  ] as const)('is refused, not %s, when the record is made between the checks and the write', async (what, change) => {
    const name = `in-use-${what}`;
    const stored = await instance.capsule.schemas.add(firstVersion(name));
    const error = await outcome(change(registryWithRecordMadeBeforeWrite(name), name));
    expect(error).toBeInstanceOf(CapsuleError);
    expect((error as CapsuleError).message).toBe(`${name} 1.0.0 is used by records and cannot change; add a new version instead.`);
    expect(await instance.capsule.schemas.get(name, '1.0.0')).toEqual(stored);
  });
});

describe.each(testDatabases.filter((d) => d.dialect === 'postgres'))('changing a schema version while another connection makes a record with it ($dialect)', (database) => {
  let instance: TestInstance;
  let userId: number;

  beforeAll(async () => {
    instance = await startTestInstance(database);
    userId = (await instance.capsule.accounts.ensureUser('maker@example.org')).id;
  });
  afterAll(() => instance?.close());

  /** Whether some connection is waiting for a lock another holds. */
  async function someoneWaitsForALock(): Promise<boolean> {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(instance.capsule.database.db);
    return rows[0]!.n > 0;
  }

  it('waits for the record to be committed, then refuses the replacement', async () => {
    const name = 'in-use-concurrently';
    const stored = await instance.capsule.schemas.add(firstVersion(name));
    let change: Promise<CapsuleError | 'done'> | undefined;
    await instance.capsule.database.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await trx
        .insertInto('records')
        .values({ uuid: randomUUID(), recid: null, status: 'draft', schema_name: name, schema_version: '1.0.0', json: '{}', revision: 1, created_by: userId, created: now, updated: now, cloned_from: null, deleted: null })
        .execute();
      change = outcome(instance.capsule.schemas.replace(name, '1.0.0', firstVersion(name, 'integer')));
      // The replacement must wait on the record's transaction; it must not finish before it.
      const finished = await Promise.race([change.then(() => true), waitFor(someoneWaitsForALock).then(() => false)]);
      expect(finished).toBe(false);
    });
    const error = await change!;
    expect(error).toBeInstanceOf(CapsuleError);
    expect((error as CapsuleError).message).toMatch(/is used by records/);
    expect(await instance.capsule.schemas.get(name, '1.0.0')).toEqual(stored);
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}
