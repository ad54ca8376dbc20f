import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from '../../src/db/statement-cache.js';

describe('prepared statements kept per SQL text', () => {
  it('tells, before each run, the table a statement may change: none for reads and transaction control, any when it cannot tell', () => {
    const connection = new SQLite(':memory:');
    connection.exec('create table users (id integer primary key, name text)');
    const heard: string[] = [];
    const db = cachingStatements(connection, (table) => heard.push(table));
    const run = (sql: string, parameters: unknown[] = []) => db.prepare(sql).run(parameters);
    try {
      run('begin immediate');
      run('insert into "users" ("name") values (?)', ['a']);
      run('insert into "users" ("name") values (?)', ['b']);
      run('commit');
      expect(db.prepare('select count(*) as n from "users"').all([])).toEqual([{ n: 2 }]);
      run('update "users" set "name" = ? where "id" = ?', ['c', 1]);
      run('insert or replace into users (id, name) values (1, ?)', ['d']);
      run('delete from "users" where "id" = ?', [2]);
      run('with gone as (select 1 as id) delete from users where id in (select id from gone)');
      run('create table sessions (id integer primary key)');
      run('savepoint one');
      run('release one');
      expect(heard).toEqual(['users', 'users', 'users', 'users', 'users', 'any', 'any']);
    } finally {
      connection.close();
    }
  });
});
