import SQLite from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { cachingStatements } from '../../src/db/statement-cache.js';

describe('prepared statements kept per SQL text', () => {
  it('prepares each distinct text once, and runs it again with new values', () => {
    const connection = new SQLite(':memory:');
    connection.exec('create table users (id integer primary key, name text)');
    const prepare = vi.spyOn(connection, 'prepare');
    const db = cachingStatements(connection);
    try {
      const insert = 'insert into "users" ("name") values (?)';
      db.prepare(insert).run(['a']);
      db.prepare(insert).run(['b']);
      expect(db.prepare('select name from "users" order by id').all([])).toEqual([{ name: 'a' }, { name: 'b' }]);
      expect(db.prepare(insert)).toBe(db.prepare(insert));
      expect(prepare).toHaveBeenCalledTimes(2);
    } finally {
      connection.close();
    }
  });
});
