import type Database from 'better-sqlite3';
import type { WriteLock } from '../db/write-lock.js';

/**
 * The single writer of the conversation store. Every state change of a conversation (a message, a
 * claim, a close...) is a synchronous job; the jobs submitted during one event-loop turn run in ONE
 * `BEGIN IMMEDIATE` transaction, each inside its own savepoint so that a job that throws (a lost
 * claim race, a full agent) undoes only itself. Callers are resolved only after COMMIT, so nothing is
 * acked or published before it is durable (DESIGN.md delivery semantics 1-2).
 *
 * Written here rather than taken from a library because it is the product's heart: batching is what
 * turns ~1 k Prisma transactions/s into thousands of acked messages per second.
 */
export class TxQueue {
  private pending: Array<{
    job: () => unknown;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
    queuedAt: number;
  }> = [];
  /** Told after every commit: how many jobs it carried and how long the oldest waited (ms). */
  observe: (jobs: number, oldestWaitMs: number) => void = () => undefined;
  private scheduled = false;
  private closed = false;

  /** Prepared once: the savepoint pair runs for every job of every batch. */
  private readonly sp;

  constructor(
    private readonly db: Database.Database,
    private readonly lock: WriteLock,
    private readonly maxBatch = 500,
  ) {
    this.sp = {
      begin: db.prepare('SAVEPOINT job'),
      release: db.prepare('RELEASE job'),
      rollback: db.prepare('ROLLBACK TO job'),
    };
  }

  run<T>(job: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({
        job,
        resolve: resolve as (v: unknown) => void,
        reject,
        queuedAt: performance.now(),
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Waits for queued jobs; new ones are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.pending.length > 0 || this.scheduled) await new Promise((r) => setImmediate(r));
  }

  private async flush(): Promise<void> {
    // A Prisma transaction may be open on the same connection; wait for it to end.
    const release = this.lock.isHeld ? await this.lock.acquire() : null;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        this.runBatch(batch);
      }
    } finally {
      this.scheduled = false;
      release?.();
    }
  }

  private runBatch(batch: TxQueue['pending']): void {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) {
      this.sp.begin.run();
      try {
        outcomes.push({ ok: true, value: item.job() });
        this.sp.release.run();
      } catch (error) {
        this.sp.rollback.run();
        this.sp.release.run();
        outcomes.push({ ok: false, error });
      }
    }
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      return;
    }
    this.observe(batch.length, performance.now() - (batch[0]?.queuedAt ?? performance.now()));
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (!outcome) item.reject(new Error('lost job outcome'));
      else if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
