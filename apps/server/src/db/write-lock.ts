/**
 * One user at a time of the SQLite connection that Prisma and the store's batches share: a batch
 * (sqlite-sql.ts) and a Prisma transaction each span several event-loop turns, and nothing else may
 * run on the connection meanwhile. Both, and Prisma's single queries, take this lock. The WAL
 * checkpointer takes it too, without using the connection, to hold writes off while it starts the WAL
 * over; and while anyone holds it, reads go to the read-only connection (`idle`). (A library mutex
 * would do too; this is a few lines and has no edge we do not understand.)
 */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  /** Holders and waiters; 0 means nobody holds the lock nor waits for it. */
  private users = 0;

  /** True when nobody holds the lock nor waits for it: the connection is between transactions. */
  get idle(): boolean {
    return this.users === 0;
  }

  /** Resolves with a release function once the lock is ours. */
  acquire(): Promise<() => void> {
    this.users += 1;
    let released = false;
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = () => {
        if (released) return;
        released = true;
        this.users -= 1;
        resolve();
      };
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
