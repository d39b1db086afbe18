// The PostgreSQL schema is derived from prisma/schema.prisma: same model, other provider and output.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const prismaDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const rootDir = join(prismaDir, '..');
export const sqliteSchemaPath = join(prismaDir, 'schema.prisma');

export function derivePostgresSchema(sqliteSchema) {
  const out = sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('generated/prisma-sqlite', 'generated/prisma-postgres');
  if (out === sqliteSchema) throw new Error('schema.prisma no longer has the lines the derivation replaces');
  // The derived file lives beside the generated clients, so relative paths must be rebased.
  return out.replace('"../apps/server/src/generated/prisma-postgres"', '"./prisma-postgres"');
}

/** Writes the derived schema into apps/server/src/generated and returns its path. */
export function writePostgresSchema() {
  const dir = join(rootDir, 'apps/server/src/generated');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'schema.postgres.prisma');
  writeFileSync(path, derivePostgresSchema(readFileSync(sqliteSchemaPath, 'utf8')));
  return path;
}
