import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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

  it('holds the writer back once the log is past its bound, until a pass has copied it all; the next write starts the log over', async () => {
    const { file, connection, insert } = writer();
    const checkpointer = new WalCheckpointer(file, { restartFrames: 100, intervalMs: 0 });
    try {
      expect(checkpointer.beforeWrite()).toBeUndefined();
      for (let n = 0; n < 300; n++) insert.run(n);
      checkpointer.committed();
      // The worker's answer to that commit tells a log past the bound: the writer is to wait.
      await expect.poll(() => checkpointer.beforeWrite() !== undefined, { timeout: 5000 }).toBe(true);
      await checkpointer.beforeWrite();
      const longest = walFrames(file);
      expect(longest).toBeGreaterThan(300);
      for (let n = 300; n < 350; n++) insert.run(n);
      // Written from the log's beginning: the file did not grow.
      expect(walFrames(file)).toBe(longest);
      expect(checkpointer.beforeWrite()).toBeUndefined();
      expect(connection.prepare('select count(*) from pages').pluck().get()).toBe(350);
    } finally {
      await checkpointer.close();
      connection.close();
    }
  });

  it('stops its thread on close, so the process can end; a write after it does not wait for a pass', async () => {
    const { file, connection } = writer();
    // Every write would wait for a pass while the thread runs.
    const checkpointer = new WalCheckpointer(file, { restartFrames: 0 });
    await checkpointer.close();
    expect(checkpointer.beforeWrite()).toBeUndefined();
    connection.close();
  });

  it('keeps the process alive until close() is done, even when a pass answers after it began', async () => {
    const { file, connection } = writer();
    connection.close();
    // In a process of its own, which nothing else keeps alive: a pass is asked for, then close() at once.
    const script = path.join(path.dirname(file), 'close.mts');
    const source = fileURLToPath(new URL('../../src/db/wal-checkpointer.ts', import.meta.url));
    fs.writeFileSync(
      script,
      [
        `import { WalCheckpointer } from ${JSON.stringify(source)};`,
        `const checkpointer = new WalCheckpointer(${JSON.stringify(file)}, { restartFrames: 0 });`,
        'void checkpointer.beforeWrite();',
        "void checkpointer.close().then(() => console.log('closed'));",
      ].join('\n'),
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script]);
    expect(stdout.trim()).toBe('closed');
  });

  it('lets a write waiting for a pass go on when its thread fails, and every write after it', async () => {
    const { file, connection } = writer();
    // A database it cannot open: the thread fails at once.
    const checkpointer = new WalCheckpointer(path.join(path.dirname(file), 'missing', 'db.sqlite'), { restartFrames: 0 });
    const waiting = checkpointer.beforeWrite();
    expect(waiting).toBeDefined();
    await waiting;
    expect(checkpointer.beforeWrite()).toBeUndefined();
    await checkpointer.close();
    connection.close();
  });
});
