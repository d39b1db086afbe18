import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
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

describe('WalCheckpointer', () => {
  it('takes checkpoints off the writer and hands them back when it stops', async () => {
    const { db, file } = walDatabase();
    const checkpointer = WalCheckpointer.start(db);
    expect(checkpointer).not.toBeNull();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run('x'.repeat(200));
    })();
    await checkpointer?.stop();
    // The worker's last checkpoint copied every committed row into the database file.
    expect(rowsInMainFile(file)).toBe(3000);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('leaves an in-memory database alone', () => {
    const db = new Database(':memory:');
    expect(WalCheckpointer.start(db)).toBeNull();
    db.close();
  });
});
