import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../src/db/wal-checkpointer.js';

/** A WAL frame: a 4 KB page and its 24-byte header. */
const FRAME = 4096 + 24;

describe('checkpoints on a thread of their own', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A database whose writer never checkpoints itself: only the worker copies its log. */
  function writer() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-checkpoint-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const connection = new SQLite(file);
    connection.pragma('journal_mode = WAL');
    connection.pragma('wal_autocheckpoint = 0');
    connection.exec('create table pages (n integer primary key, body blob)');
    const insert = connection.prepare('insert into pages (n, body) values (?, randomblob(3000))');
    return { file, connection, insert };
  }

  const walFrames = (file: string) => fs.statSync(`${file}-wal`).size / FRAME;

  it('copies committed pages into the database file without the writer checkpointing', async () => {
    const { file, connection, insert } = writer();
    const checkpointer = new WalCheckpointer(file, { intervalMs: 0 });
    try {
      const before = fs.statSync(file).size;
      for (let n = 0; n < 200; n++) insert.run(n);
      checkpointer.committed();
      await expect.poll(() => fs.statSync(file).size, { timeout: 5000 }).toBeGreaterThan(before + 150 * 4096);
    } finally {
      await checkpointer.close();
      connection.close();
    }
  });

  it('keeps the log short under a steady load of writes: the writer waits for a pass, then starts the log over', async () => {
    const { file, connection, insert } = writer();
    const checkpointer = new WalCheckpointer(file, { restartFrames: 200, intervalMs: 0 });
    try {
      // Once the worker has started: its first pass copies this page.
      const before = fs.statSync(file).size;
      insert.run(-1);
      checkpointer.committed();
      await expect.poll(() => fs.statSync(file).size, { timeout: 5000 }).toBeGreaterThan(before);
      for (let n = 0; n < 3000; n++) {
        await checkpointer.beforeWrite();
        insert.run(n);
        checkpointer.committed();
        // A turn of the event loop between writes, as between a server's requests: the worker's answers arrive.
        await new Promise((resolve) => setImmediate(resolve));
      }
      // 3,000 commits of three pages each: without restarts the log would hold all 9,000 frames.
      expect(walFrames(file)).toBeLessThan(3000);
      expect(connection.prepare('select count(*) from pages').pluck().get()).toBe(3001);
    } finally {
      await checkpointer.close();
      connection.close();
    }
  });

  it('stops its thread on close, so the process can end', async () => {
    const { file, connection } = writer();
    const checkpointer = new WalCheckpointer(file);
    await checkpointer.close();
    connection.close();
  });
});
