/**
 * One writer at a time on the SQLite connection. Prisma's interactive transactions span several
 * event-loop turns on the same connection the message hot path uses; the hot path's synchronous
 * transactions must not start inside one of them. Both take this lock. (A library mutex would do
 * too; this is twenty lines and has no edge we do not understand.)
 */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  private held = false;

  get isHeld(): boolean {
    return this.held;
  }

  /** Resolves with a release function once the lock is ours. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = () => {
        this.held = false;
        resolve();
      };
    });
    const acquired = this.tail.then(() => {
      this.held = true;
      return release;
    });
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
