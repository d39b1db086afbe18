import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** How often the worker copies the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 25;
/** WAL frames (pages) after which the writer finishes a checkpoint itself, so that the WAL restarts. */
const FINISH_AT_FRAMES = 1000;

/*
 * The worker: its own connection to the same file, PASSIVE checkpoints (they never wait for, nor
 * block, the writer or the readers), and the writer's `synchronous` so that a checkpoint syncs
 * exactly as SQLite's automatic one would (FULL keeps surviving a power loss).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  if (result && result.log >= workerData.finishAt) parentPort.postMessage(result.log);
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL pages, on the event
 * loop: measured in the bench, 2 % of commits took 5-17 ms (a copy of ~4 MB and an fsync) instead
 * of 0.06 ms, and every message in flight waited for them: that was most of latency p99. Here the
 * writer's automatic checkpoint is off and a worker thread copies the WAL every 25 ms instead; the
 * writer only finishes a checkpoint now and then (afterCommit) so that the WAL file starts over.
 * If the worker fails, the writer checkpoints for itself again (the WAL must not grow unbounded).
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped = false;
  private finishDue = false;

  private constructor(
    private readonly writer: Database.Database,
    file: string,
  ) {
    const synchronous: unknown = writer.pragma('synchronous', { simple: true });
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file,
        synchronous: typeof synchronous === 'number' ? synchronous : 2,
        everyMs: CHECKPOINT_EVERY_MS,
        finishAt: FINISH_AT_FRAMES,
      },
    });
    this.worker.unref();
    this.worker.on('message', () => {
      this.finishDue = true;
    });
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => this.fallBack());
    writer.pragma('wal_autocheckpoint = 0');
  }

  /** Only for a WAL database in a file; null otherwise (the writer keeps its own checkpoints). */
  static start(writer: Database.Database): WalCheckpointer | null {
    const mode: unknown = writer.pragma('journal_mode', { simple: true });
    if (writer.memory || mode !== 'wal') return null;
    return new WalCheckpointer(writer, writer.name);
  }

  /**
   * Called by the writer after each COMMIT. A checkpoint that runs beside the writer can never reset
   * the WAL (new frames keep coming in while it copies), so without this the WAL file grows without
   * end (measured: 2.4 GB in 8 s of small commits). When the worker reports a long WAL, the writer
   * checkpoints once between two transactions: the worker has copied all but the last ~25 ms of
   * pages, so this one is short, it completes, and the next transaction starts the WAL over.
   */
  afterCommit(): void {
    if (!this.finishDue || this.stopped) return;
    this.finishDue = false;
    this.writer.pragma('wal_checkpoint(PASSIVE)');
  }

  private fallBack(): void {
    if (this.stopped || !this.writer.open) return;
    this.stopped = true;
    this.writer.pragma('wal_autocheckpoint = 1000');
  }

  /** A last checkpoint, then the worker ends; the writer checkpoints for itself again. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Held until it has exited: an unref'd worker would let the process end before its last checkpoint.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
    if (this.writer.open) this.writer.pragma('wal_autocheckpoint = 1000');
  }
}
