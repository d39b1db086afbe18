import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A database of its own for one test server (or for several that must share one): a fresh SQLite
 * file, or with TEST_DATABASE=postgres a fresh schema in the PostgreSQL at TEST_POSTGRES_URL
 * (postgres@127.0.0.1:5432/test by default). The same suites run on both providers.
 */
export function freshDatabaseUrl(): string {
  if (process.env.TEST_DATABASE === 'postgres') {
    const base = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
    return `${base}?schema=t_${randomBytes(6).toString('hex')}`;
  }
  return `file:${join(mkdtempSync(join(tmpdir(), 'livechat-test-')), 'test.db')}`;
}

export const testProvider = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
