import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Tables } from '../../src/db/tables.js';
import { FieldCatalog } from '../../src/search/field-catalog.js';
import { SearchService } from '../../src/search/search-service.js';

// Port 1 on the loopback interface: nothing listens there, so every connection is refused at once.
const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://capsule@127.0.0.1:1/postgres', max: 2 }) }) });

describe('search while PostgreSQL cannot be reached', () => {
  afterAll(() => db.destroy());

  it('fails the search with the connection error, and leaves no failure unobserved (which would end the process)', async () => {
    const service = new SearchService({ db, dialect: 'postgres', dataVersion: () => undefined, indexFirst: db }, new FieldCatalog(db));
    const request = { scope: 'published', q: 'muon', sort: 'mostrecent', page: 1, size: 10, byMe: false, filters: new Map(), facets: [] } as const;
    // Both the snapshot and the field catalog are read at once, and both fail.
    await expect(service.search({ kind: 'anonymous' }, request)).rejects.toThrow(/ECONNREFUSED/);
    await expect(service.search({ kind: 'anonymous' }, request)).rejects.toThrow(/ECONNREFUSED/);
  });
});
