import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The databases a data-layer or API test runs against: always SQLite, and PostgreSQL too
 * when CAPSULE_TEST_DATABASE_URL is set. When it is set but the server does not answer,
 * the test fails (in `create`) instead of quietly running on SQLite alone.
 */
export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  /** A fresh, empty database and a data directory for one test file or case. */
  create(): Promise<{ url: string; dataDir: string; drop(): Promise<void> }>;
}

const sqlite: TestDatabase = {
  dialect: 'sqlite',
  async create() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-test-'));
    return {
      url: `sqlite:${path.join(dataDir, 'capsule.sqlite')}`,
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

function postgres(adminUrl: string): TestDatabase {
  return {
    dialect: 'postgres',
    async create() {
      const name = `capsule_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-test-'));
      return {
        url: url.toString(),
        dataDir,
        drop: async () => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          const c = new pg.Client({ connectionString: adminUrl });
          await c.connect();
          try {
            await c.query(`drop database if exists ${name} with (force)`);
          } finally {
            await c.end();
          }
        },
      };
    },
  };
}

const pgUrl = process.env.CAPSULE_TEST_DATABASE_URL;

/** SQLite, then PostgreSQL if configured: use with describe.each. */
export const testDatabases: TestDatabase[] = pgUrl ? [sqlite, postgres(pgUrl)] : [sqlite];
