import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { repoRoot } from '../env.js';

/*
 * Applies the checked-in migration SQL at start, with no Prisma engine (none can be downloaded here).
 * It keeps Prisma's own `_prisma_migrations` bookkeeping (checksum = sha256 hex of migration.sql), so
 * `prisma migrate status` agrees with it. Each migration runs in its own transaction; a process that
 * starts while another migrates waits (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory lock that
 * `prisma migrate deploy` takes).
 */

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(provider: 'sqlite' | 'postgresql'): Migration[] {
  const dir = join(repoRoot, 'prisma/migrations', provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

/** Returns the names of the migrations it applied. */
export function applySqliteMigrations(db: Database.Database): string[] {
  db.exec(SQLITE_TABLE);
  const applied: string[] = [];
  for (const m of readMigrations('sqlite')) {
    // foreign_keys must be switched off outside the transaction: inside one the pragma is a no-op,
    // and a table rebuild (DROP + rename) would then cascade-delete every child row.
    db.pragma('foreign_keys = OFF');
    db.exec('BEGIN IMMEDIATE');
    try {
      const done = db
        .prepare(
          'SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
        )
        .safeIntegers(false)
        .get(m.name);
      if (done) {
        db.exec('COMMIT');
        continue;
      }
      const started = new Date().toISOString();
      db.exec(m.sql);
      const broken = db.pragma('foreign_key_check');
      if (Array.isArray(broken) && broken.length > 0)
        throw new Error(`migration ${m.name} broke foreign keys`);
      db.prepare(
        'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
      ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
      db.exec('COMMIT');
      applied.push(m.name);
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    } finally {
      db.pragma('foreign_keys = ON');
    }
  }
  return applied;
}

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

/** The advisory lock key `prisma migrate deploy` takes, so both never migrate at once. */
const PRISMA_MIGRATE_LOCK = 72707369;

/** `schema` is created when missing; the migrations run with it as the search path. */
export async function applyPostgresMigrations(connectionString: string, schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(PG_TABLE);
    for (const m of readMigrations('postgresql')) {
      const done = await client.query(
        'SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
        [m.name],
      );
      if (done.rowCount) continue;
      await client.query('BEGIN');
      try {
        const started = new Date();
        await client.query(m.sql);
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)',
          [randomUUID(), m.checksum, m.name, started],
        );
        await client.query('COMMIT');
        applied.push(m.name);
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
    await client.end();
  }
  return applied;
}
