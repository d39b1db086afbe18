import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient as PostgresPrismaClient } from '../generated/prisma-postgres/client.js';
import { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { newPgPool, PostgresSql, postgresTarget } from '../store/postgres-sql.js';
import type { SqlDatabase } from '../store/sql.js';
import { SqliteSql } from '../store/sqlite-sql.js';
import { applyPostgresMigrations, applySqliteMigrations } from './apply-migrations.js';
import { SharedSqliteAdapterFactory } from './shared-sqlite-adapter.js';
import { WriteLock } from './write-lock.js';

export type OpenDatabase = {
  provider: 'sqlite' | 'postgres';
  /**
   * Prisma for everything but the conversation store's hot path. Typed as the SQLite client: both
   * clients come from one schema, and the code uses only what both providers offer.
   */
  prisma: PrismaClient;
  /** The conversation store's SQL (store/sql.ts). */
  sql: SqlDatabase;
  /** Migrations applied by this start. */
  applied: string[];
  /** Throws when the database does not answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** Opens the store named by DATABASE_URL, migrations applied first: `file:` SQLite or `postgres(ql)://`. */
export async function openDatabase(
  url: string,
  opts: { synchronous: 'NORMAL' | 'FULL' },
): Promise<OpenDatabase> {
  if (url.startsWith('file:')) return openSqlite(url, opts);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new Error(`DATABASE_URL ${url.split(':')[0]}: use file:... (SQLite) or postgresql://...`);
}

async function openSqlite(url: string, opts: { synchronous: 'NORMAL' | 'FULL' }): Promise<OpenDatabase> {
  const path = url.slice('file:'.length);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });

  const lock = new WriteLock();
  let opened: Database.Database | undefined;
  const prisma = new PrismaClient({
    adapter: new SharedSqliteAdapterFactory(url, lock, (db) => {
      opened = db;
    }),
  });
  await prisma.$connect();
  // $connect is lazy in some versions: one query makes sure the adapter has opened its connection.
  await prisma.$queryRawUnsafe('SELECT 1');
  if (!opened) throw new Error('SQLite connection was not opened');
  const writer = opened;
  writer.pragma('journal_mode = WAL');
  writer.pragma(`synchronous = ${opts.synchronous}`);
  writer.pragma('busy_timeout = 5000');
  writer.pragma('foreign_keys = ON');
  // Up to 64 MB of pages (allocated as used; SQLite's default is 2 MB): the store's hot pages are the
  // open conversations' rows and the message indexes' leaves, spread over the whole file.
  writer.pragma('cache_size = -65536');
  const applied = applySqliteMigrations(writer);
  // Reads on their own connection never see a batch's uncommitted rows (sqlite-sql.ts).
  const reader = path === ':memory:' ? writer : new Database(path, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  const sql = new SqliteSql(writer, reader, lock);
  return {
    provider: 'sqlite',
    prisma,
    sql,
    applied,
    async ping() {
      await sql.get('SELECT 1');
    },
    async close() {
      await sql.close();
      await prisma.$disconnect();
      if (writer.open) writer.close();
    },
  };
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const { connectionString, schema } = postgresTarget(url);
  const applied = await applyPostgresMigrations(connectionString, schema);
  const adapter = new PrismaPg(newPgPool(url, 10), { schema });
  const prisma = new PostgresPrismaClient({ adapter });
  await prisma.$connect();
  const sql = PostgresSql.create(url);
  return {
    provider: 'postgres',
    // Same schema, same generated API; see the field's comment.
    prisma: prisma as unknown as PrismaClient,
    sql,
    applied,
    async ping() {
      await sql.get('SELECT 1');
    },
    async close() {
      await sql.close();
      await prisma.$disconnect();
    },
  };
}

/** For tests and tools: drops a PostgreSQL schema made for one run. */
export async function dropPostgresSchema(url: string): Promise<void> {
  const { connectionString, schema } = postgresTarget(url);
  if (schema === 'public') throw new Error('refusing to drop the public schema');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
