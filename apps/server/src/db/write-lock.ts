/**
 * One user at a time of the SQLite connection that Prisma and the store's batches share: a batch
 * (sqlite-sql.ts) and a Prisma transaction each span several event-loop turns, and nothing else may
 * run on the connection meanwhile. Both, and Prisma's single queries, take this lock. (A library mutex would do
 * too; this is twenty lines and has no edge we do not understand.)
 */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once the lock is ours. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = () => resolve();
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }

  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
