import { copyFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WriteLock } from '../db/write-lock.js';
import { nextTurn } from '../domain/next-turn.js';
import { WalCheckpointer } from './wal-checkpointer.js';

function walDatabase(): { db: Database.Database; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'livechat-wal-')), 'w.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  return { db, file };
}

/** Rows in the database file alone, without its WAL: what checkpoints have copied back. */
function rowsInMainFile(file: string): number {
  const copy = `${file}.copy`;
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    const row: unknown = db.prepare('SELECT COUNT(*) AS n FROM t').get();
    return typeof row === 'object' && row !== null ? Number(Reflect.get(row, 'n')) : -1;
  } finally {
    db.close();
  }
}

/** Pages in the WAL now (a PASSIVE checkpoint's `log`). */
function walPages(db: Database.Database): number {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
  return result?.log ?? -1;
}

/** `count` rows of 200 characters in one transaction: enough pages to cross the tests' bounds. */
function insertRows(db: Database.Database, count: number): void {
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run('x'.repeat(200));
  })();
}

/** Waits (polling every 5 ms) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('WalCheckpointer', () => {
  it('takes checkpoints off the writer and hands them back when it stops', async () => {
    const { db, file } = walDatabase();
    const checkpointer = WalCheckpointer.start(db, new WriteLock());
    expect(checkpointer).not.toBeNull();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    insertRows(db, 3000);
    await checkpointer?.stop();
    // The worker's last pass copied every committed row into the database file.
    expect(rowsInMainFile(file)).toBe(3000);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('starts the WAL over while a writer never stops writing', async () => {
    const { db, file } = walDatabase();
    const lock = new WriteLock();
    // Small bounds so that a test of seconds crosses them many times: after the first start over,
    // only the cap (maxFrames) can start it over again, the last one never being restartEveryMs ago.
    // And a writer quiet for 50 ms would have its file cut: this one never is.
    const checkpointer = WalCheckpointer.start(db, lock, {
      everyMs: 5,
      restartFrames: 10,
      restartEveryMs: 60_000,
      maxFrames: 300,
      truncateAfterIdleMs: 50,
    });
    if (!checkpointer) throw new Error('no checkpointer');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    let rows = 0;
    // Small transactions, each under the lock as the store's batches are, one per event-loop turn.
    for (let i = 0; i < 20_000 && checkpointer.restarts < 3; i++) {
      await lock.run(() => {
        insert.run('y'.repeat(500));
        rows += 1;
      });
      await nextTurn();
    }
    expect(checkpointer.restarts).toBeGreaterThanOrEqual(3);
    // The writer never stopped: the file was never cut under it (that paused writes 36-576 ms).
    expect(checkpointer.truncates).toBe(0);
    // Every write added at least one page: a WAL that never started over would hold them all.
    expect(walPages(db)).toBeLessThan(rows);
    await checkpointer.stop();
    expect(rowsInMainFile(file)).toBe(rows);
    db.close();
  });

  it('starts the WAL over once, not again until something is written', async () => {
    const { db } = walDatabase();
    const lock = new WriteLock();
    const checkpointer = WalCheckpointer.start(db, lock, {
      everyMs: 5,
      restartFrames: 10,
      restartEveryMs: 0,
    });
    if (!checkpointer) throw new Error('no checkpointer');
    insertRows(db, 2000);
    await until(() => checkpointer.restarts > 0);
    // Some twenty passes with nothing written: each would take the lock to start over again.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(checkpointer.restarts).toBe(1);
    // Written again (and the WAL started over by that write): it starts over again.
    await lock.run(() => insertRows(db, 2000));
    await until(() => checkpointer.restarts > 1);
    await checkpointer.stop();
    db.close();
  });

  it('cuts the WAL of a writer quiet for a while', async () => {
    const { db, file } = walDatabase();
    const lock = new WriteLock();
    const checkpointer = WalCheckpointer.start(db, lock, { everyMs: 5, truncateAfterIdleMs: 50 });
    if (!checkpointer) throw new Error('no checkpointer');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    insertRows(db, 2000);
    expect(walPages(db)).toBeGreaterThan(100);
    // Once passes have found nothing new written for a while, the WAL starts over and its file is cut.
    await until(() => checkpointer.truncates > 0);
    expect(statSync(`${file}-wal`).size).toBe(0);
    // The next write starts the WAL over from its first page.
    await lock.run(() => insert.run('after'));
    expect(walPages(db)).toBeLessThan(10);
    expect(rowsInMainFile(file)).toBe(2001);
    await checkpointer.stop();
    db.close();
  });

  it('gives up a start over at once while a reader holds an old snapshot, and makes it later', async () => {
    const { db, file } = walDatabase();
    const lock = new WriteLock();
    const checkpointer = WalCheckpointer.start(db, lock, { everyMs: 5, restartFrames: 10 });
    if (!checkpointer) throw new Error('no checkpointer');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    insert.run('before the backup');
    // A backup's read transaction: it sees the WAL as it is now.
    const backup = new Database(file, { readonly: true });
    backup.exec('BEGIN');
    backup.prepare('SELECT COUNT(*) FROM t').get();
    insertRows(db, 2000);
    await until(() => checkpointer.heldUp > 0);
    // The writer was not held for a busy timeout (5 s would fail this test's 2 s limit).
    await lock.run(() => insert.run('while the backup reads'));
    expect(checkpointer.restarts).toBe(0);
    backup.exec('COMMIT');
    backup.close();
    await until(() => checkpointer.restarts > 0);
    await checkpointer.stop();
    expect(rowsInMainFile(file)).toBe(2002);
    db.close();
  }, 2_000);

  it('lets go of the write lock when its worker dies while it waits for the lock', async () => {
    const { db } = walDatabase();
    const lock = new WriteLock();
    const checkpointer = WalCheckpointer.start(db, lock, { everyMs: 5, restartFrames: 10 });
    if (!checkpointer) throw new Error('no checkpointer');
    const release = await lock.acquire();
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    insertRows(db, 2000);
    // Wait until the checkpointer queues for the lock (its start over is due), then kill its worker.
    await until(() => Reflect.get(lock, 'users') >= 2);
    const worker: unknown = Reflect.get(checkpointer, 'worker');
    if (!(worker instanceof Worker)) throw new Error('no worker');
    await worker.terminate();
    release();
    // Writes go on; the writer checkpoints for itself again.
    await lock.run(() => insert.run('after'));
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.stop();
    db.close();
  }, 2_000);

  it('leaves an in-memory database alone', () => {
    const db = new Database(':memory:');
    expect(WalCheckpointer.start(db, new WriteLock())).toBeNull();
    db.close();
  });
});
