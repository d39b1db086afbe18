import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { applySqliteMigrations } from './apply-migrations.js';
import { SharedSqliteAdapterFactory } from './shared-sqlite-adapter.js';
import { WriteLock } from './write-lock.js';

export type OpenDatabase = {
  provider: 'sqlite';
  prisma: PrismaClient;
  /** The connection Prisma uses; the conversation store's hot path runs raw SQL on it. */
  sqlite: Database.Database;
  lock: WriteLock;
  /** Migrations applied by this start. */
  applied: string[];
  close(): Promise<void>;
};

/**
 * Opens the store: SQLite (WAL) through Prisma's better-sqlite3 adapter, migrations applied first.
 * PostgreSQL arrives with the scale-out work; the model and its migrations are already portable.
 */
export async function openDatabase(
  url: string,
  opts: { synchronous: 'NORMAL' | 'FULL' },
): Promise<OpenDatabase> {
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL ${url.split(':')[0]}: only SQLite (file:...) is supported by this build`);
  }
  const path = url.slice('file:'.length);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });

  const lock = new WriteLock();
  let sqlite: Database.Database | undefined;
  const prisma = new PrismaClient({
    adapter: new SharedSqliteAdapterFactory(url, lock, (db) => {
      sqlite = db;
    }),
  });
  await prisma.$connect();
  // $connect is lazy in some versions: one query makes sure the adapter has opened its connection.
  await prisma.$queryRawUnsafe('SELECT 1');
  if (!sqlite) throw new Error('SQLite connection was not opened');
  const db = sqlite;
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const applied = applySqliteMigrations(db);
  return {
    provider: 'sqlite',
    prisma,
    sqlite: db,
    lock,
    applied,
    async close() {
      await prisma.$disconnect();
      if (db.open) db.close();
    },
  };
}
