import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { WriteLock } from '../db/write-lock.js';

export type CheckpointerOptions = {
  /** How often the worker copies the WAL back into the database file. */
  everyMs: number;
  /** While writes go on, the WAL starts over only once it is this long (pages). */
  restartFrames: number;
  /** While writes go on, a start over (a short pause of writes) comes at most this often... */
  restartEveryMs: number;
  /** ...unless the WAL has grown this long (pages): it bounds the file under heavy load. */
  maxFrames: number;
  /** After this long with nothing written, the WAL's file is cut back to nothing. */
  truncateAfterIdleMs: number;
};

const DEFAULTS: CheckpointerOptions = {
  everyMs: 100,
  restartFrames: 1_000,
  restartEveryMs: 10_000,
  // ~400 MB of 4 KB pages: under the bench's heaviest load (~20,000 pages/s) one pause every ~5 s.
  maxFrames: 100_000,
  truncateAfterIdleMs: 30_000,
};

type Mode = 'PASSIVE' | 'RESTART' | 'TRUNCATE';
/** Longest wait before trying again a start over that a reader held up. */
const MAX_BACKOFF_MS = 30_000;
type PassResult = { busy: number; log: number; checkpointed: number };

/*
 * The worker: its own connection to the same file, with the writer's `synchronous`, so a checkpoint
 * syncs exactly as SQLite's automatic one would (FULL keeps surviving a power loss). PASSIVE passes
 * never wait for, nor block, the writer or the readers; RESTART and TRUNCATE run only while the
 * writer is held off (`restart`). CommonJS in a string because the worker runs the same from src
 * (vitest) and from dist.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
// Never wait: RESTART and TRUNCATE run while the writer is held off, and a reader holding an old
// snapshot (a backup) must make them give up at once (busy: 1), not hold writes for a busy timeout.
db.pragma('busy_timeout = 0');
db.pragma('synchronous = ' + workerData.synchronous);
const MODES = new Set(['PASSIVE', 'RESTART', 'TRUNCATE']);
parentPort.on('message', (cmd) => {
  if (cmd === 'stop') {
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (!MODES.has(cmd)) throw new Error('unknown checkpoint mode ' + cmd);
    const [result] = db.pragma('wal_checkpoint(' + cmd + ')');
    parentPort.postMessage({ ok: true, result });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message) });
  }
});
`;

/**
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL pages, on the event
 * loop. The bench measured it (issue 7): at ~4,500 msg/s, 19 commits a second took 5-20 ms instead of
 * 0.1-0.5 ms, nearly all of it the two fsyncs a checkpoint does under synchronous=NORMAL, and every
 * message in flight waited: that was most of the latency p99 (41 ms; 12 ms with synchronous=OFF,
 * which is not an option: it risks the file on a power cut).
 *
 * So the writer's automatic checkpoint is off and a worker thread copies the WAL back every
 * `everyMs`. A checkpoint that runs beside a busy writer never catches up with it, and a WAL is only
 * started over by a write that finds it fully copied; without more it grows without end (measured
 * in an earlier try: 2.4 GB in 8 s). So once the WAL is long enough (CheckpointerOptions), `restart`
 * holds the WriteLock (no batch and no Prisma query writes meanwhile; the event loop is free,
 * messages queue for the next batch) while the worker copies the last few pages and starts the WAL
 * over. In that earlier try the writer finished those checkpoints itself, on the event loop, every
 * 1,000 pages, and it did not pay.
 *
 * Written here because no library does this for better-sqlite3. If the worker fails, the writer
 * checkpoints for itself again.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly timer: NodeJS.Timeout;
  private waiting: Array<{ resolve: (r: PassResult) => void; reject: (e: Error) => void }> = [];
  private running = false;
  private stopped = false;
  /** WAL length after the last pass, to tell an idle writer from one still writing. */
  private lastLog = 0;
  /** When the WAL last started over (ms); none yet counts as long ago. */
  private restartedAt = 0;
  /** When a pass last found the WAL changed (ms). */
  private lastWriteAt = Date.now();
  /** After a start over that a reader held up: not again before this time (ms), backing off. */
  private retryAt = 0;
  private backoffMs = 0;
  private exited = false;
  /** WAL start overs so far (those that also cut the file: `truncates`), and those a reader held up. */
  restarts = 0;
  truncates = 0;
  heldUp = 0;

  private constructor(
    private readonly writer: Database.Database,
    private readonly lock: WriteLock,
    private readonly opts: CheckpointerOptions,
  ) {
    const synchronous: unknown = writer.pragma('synchronous', { simple: true });
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: writer.name,
        synchronous: typeof synchronous === 'number' ? synchronous : 1,
      },
    });
    this.worker.unref();
    this.worker.on('message', (m: { ok: true; result: PassResult } | { ok: false; message: string }) => {
      const next = this.waiting.shift();
      if (m.ok) next?.resolve(m.result);
      else next?.reject(new Error(`WAL checkpoint failed: ${m.message}`));
    });
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => {
      this.exited = true;
      this.fallBack();
      // Nothing will answer now (postMessage to an exited worker is dropped).
      for (const w of this.waiting.splice(0)) w.reject(new Error('WAL checkpointer stopped'));
    });
    writer.pragma('wal_autocheckpoint = 0');
    this.timer = setInterval(() => void this.tick(), opts.everyMs);
    this.timer.unref();
  }

  /** Only for a WAL database in a file; null otherwise (the writer keeps its own checkpoints). */
  static start(
    writer: Database.Database,
    lock: WriteLock,
    opts: Partial<CheckpointerOptions> = {},
  ): WalCheckpointer | null {
    const mode: unknown = writer.pragma('journal_mode', { simple: true });
    if (writer.memory || mode !== 'wal') return null;
    return new WalCheckpointer(writer, lock, { ...DEFAULTS, ...opts });
  }

  private pass(mode: Mode = 'PASSIVE'): Promise<PassResult> {
    if (this.exited) return Promise.reject(new Error('WAL checkpointer stopped'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(mode);
    });
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const done = await this.pass();
      // Nothing written since the last pass (a WAL that started over and was written again differs
      // too). A low count of new pages is not enough: under load, one pass in a few saw under 500
      // new pages, and cutting a WAL of tens of MB under the writer paused it 36-576 ms.
      if (done.log !== this.lastLog) this.lastWriteAt = Date.now();
      this.lastLog = done.log;
      if (this.stopped || Date.now() < this.retryAt) return;
      const mode = this.due(done);
      if (mode) await this.restart(mode);
    } catch {
      this.fallBack();
    } finally {
      this.running = false;
    }
  }

  /**
   * Whether the WAL should start over now, and whether its file is cut too. Starting over pauses
   * writes, so while they go on it is rare; after a long quiet spell the file, which keeps the
   * length the WAL reached, is cut (slow: 576 ms for ~400 MB in the bench, holding writes).
   */
  private due(done: PassResult): 'RESTART' | 'TRUNCATE' | null {
    const now = Date.now();
    if (now - this.lastWriteAt >= this.opts.truncateAfterIdleMs) {
      const size = statSync(`${this.writer.name}-wal`, { throwIfNoEntry: false })?.size ?? 0;
      return size > 0 ? 'TRUNCATE' : null;
    }
    // Nothing written since the last start over: its page count stays until a write starts it over.
    if (this.lastWriteAt <= this.restartedAt) return null;
    if (done.log >= this.opts.maxFrames) return 'RESTART';
    const longAgo = now - this.restartedAt >= this.opts.restartEveryMs;
    return done.log >= this.opts.restartFrames && longAgo ? 'RESTART' : null;
  }

  /**
   * Copies what the WAL got since the last pass with every writer of this process held off, and
   * starts the WAL over (RESTART), or when nothing is being written also cuts the file back to
   * nothing (TRUNCATE; on the worker's thread: truncating a WAL of hundreds of MB took ~200 ms when
   * the writer did it). Called right after a pass, so the pause is the copy of the last few
   * milliseconds of commits and its fsyncs, hence rare while writes go on (see the options). A
   * reader on an older snapshot (a backup) makes it give up at once; it is tried again later,
   * backing off.
   */
  private async restart(mode: 'RESTART' | 'TRUNCATE'): Promise<void> {
    const release = await this.lock.acquire();
    try {
      // Stopped (or the worker gone) while waiting for the lock: nothing may hold it any longer.
      if (this.stopped) return;
      // Writes may have come back while this waited for the lock: then the file is not cut now.
      if (mode === 'TRUNCATE' && (await this.pass()).log !== this.lastLog) return;
      const done = await this.pass(mode);
      this.lastLog = done.log;
      if (done.busy === 0) {
        this.restarts += 1;
        if (mode === 'TRUNCATE') this.truncates += 1;
        this.restartedAt = Date.now();
        this.backoffMs = 0;
      } else {
        this.heldUp += 1;
        this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(this.opts.everyMs, this.backoffMs * 2));
        this.retryAt = Date.now() + this.backoffMs;
      }
    } finally {
      release();
    }
  }

  /** The worker failed: the writer checkpoints for itself again, and the worker's connection goes. */
  private fallBack(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    for (const w of this.waiting.splice(0)) w.reject(new Error('WAL checkpointer stopped'));
    if (this.writer.open) this.writer.pragma('wal_autocheckpoint = 1000');
    void this.worker.terminate();
  }

  /** The worker ends; the writer checkpoints for itself again (and fully when it closes). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    if (!this.exited) {
      // Held until it has exited: an unref'd worker would let the process end first.
      this.worker.ref();
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.postMessage('stop');
      await exited;
    }
    for (const w of this.waiting.splice(0)) w.reject(new Error('WAL checkpointer stopped'));
    if (this.writer.open) this.writer.pragma('wal_autocheckpoint = 1000');
  }
}
