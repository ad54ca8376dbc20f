import fs from 'node:fs';

/**
 * SQLite's write-ahead log of a database file, to fdatasync what has been committed to it. The
 * log exists once WAL mode is on and stays while a connection to the database is open: opened
 * at the first flush.
 */
export class WalFile {
  readonly #path: string;
  #fd: number | undefined;

  constructor(databaseFile: string) {
    this.#path = `${databaseFile}-wal`;
  }

  /** On the thread pool, off the calling thread's event loop. */
  flush(): Promise<void> {
    const fd = this.#open();
    return new Promise((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  }

  /** On the calling thread, which waits for the disk. */
  flushNow(): void {
    fs.fdatasyncSync(this.#open());
  }

  close(): void {
    if (this.#fd !== undefined) fs.closeSync(this.#fd);
    this.#fd = undefined;
  }

  #open(): number {
    return (this.#fd ??= fs.openSync(this.#path, 'r'));
  }
}
