import { nextTurn } from '../domain/next-turn.js';
import { isRetryableConflict, type SqlDatabase, type SqlTransaction } from './sql.js';

/** A job of the conversation store: reads and writes through `tx`, inside the batch's transaction. */
export type TxJob<T> = (tx: SqlTransaction) => Promise<T>;

/** How often a job that lost a deadlock or a unique-key race to another process runs again. */
const ATTEMPTS = 3;

/**
 * The single writer of the conversation store in this process. Every state change of a conversation
 * (a message, a claim, a close...) is a job; the jobs submitted during one event-loop turn run in ONE
 * transaction, each inside its own savepoint so that a job that throws (a lost claim race, a full
 * agent) undoes only itself. Callers are resolved only after COMMIT, so nothing is acked or published
 * before it is durable (DESIGN.md delivery semantics 1-2).
 *
 * Written here rather than taken from a library because it is the product's heart: batching is what
 * turns ~1 k transactions/s into thousands of acked messages per second, on either provider.
 */
export class TxQueue {
  private pending: Array<{
    job: TxJob<unknown>;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
    queuedAt: number;
  }> = [];
  /** Told after every commit: how many jobs it carried and how long the oldest waited (ms). */
  observe: (jobs: number, oldestWaitMs: number) => void = () => undefined;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly db: SqlDatabase,
    private readonly maxBatch = 500,
  ) {}

  run<T>(job: TxJob<T>): Promise<T> {
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
    while (this.pending.length > 0 || this.scheduled) await nextTurn();
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        await this.runBatch(this.pending.splice(0, this.maxBatch));
        // With SQLite a batch and the publishing after it are all one turn: a turn for the sockets
        // (acks and deliveries leave, new frames come in) before the next batch of a backlog.
        if (this.pending.length > 0) await nextTurn();
      }
    } finally {
      this.scheduled = false;
    }
  }

  private async runBatch(batch: TxQueue['pending']): Promise<void> {
    let outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
    try {
      outcomes = await this.db.transaction(async (tx) => {
        const done: typeof outcomes = [];
        for (const item of batch) done.push(await this.runJob(tx, item.job));
        return done;
      });
    } catch (error) {
      // BEGIN or COMMIT failed (disk full, connection lost): nothing of the batch is stored.
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

  private async runJob(
    tx: SqlTransaction,
    job: TxJob<unknown>,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, value: await tx.savepoint(() => job(tx)) };
      } catch (error) {
        if (attempt < ATTEMPTS && isRetryableConflict(error)) continue;
        return { ok: false, error };
      }
    }
  }
}
