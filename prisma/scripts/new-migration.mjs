// Writes the SQL of a new migration for both providers, offline, from the change of schema.prisma since
// the last migration (kept as migrations/schema.last.prisma). Usage: pnpm db:migration <name>
//
// Prisma 7's migrate commands need a native schema engine that cannot be downloaded here, so the diff
// is made by Prisma 6.19.3 (devDependency alias `prisma6`) with its JS engine and a throwaway config.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { derivePostgresSchema, prismaDir, rootDir, sqliteSchemaPath } from './schemas.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: pnpm db:migration <snake_case_name>');
  process.exit(2);
}
const require = createRequire(join(rootDir, 'apps/server/package.json'));
const prisma6 = require.resolve('prisma6/build/index.js');
const lastPath = join(prismaDir, 'migrations/schema.last.prisma');
// Inside the server package so the throwaway config can import the adapter by name.
const work = join(rootDir, 'apps/server/node_modules/.migration-work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// Prisma 6 insists on a datasource url in the schema file; Prisma 7 rejects one. Add it to temp copies.
function withUrl(schema, provider) {
  const text = provider === 'postgresql' ? derivePostgresSchema(schema) : schema;
  const url = provider === 'postgresql' ? 'postgresql://localhost/unused' : 'file:unused.db';
  return text.replace(/datasource db \{([^}]*)\}/, (_m, body) => `datasource db {${body}  url = "${url}"\n}`);
}

writeFileSync(
  join(work, 'prisma.config.ts'),
  `import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3-6';
export default {
  engine: 'js',
  experimental: { adapter: true },
  schema: 'to.prisma',
  adapter: async () => new PrismaBetterSQLite3({ url: ':memory:' }),
};
`,
);

const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const current = readFileSync(sqliteSchemaPath, 'utf8');
const previous = existsSync(lastPath) ? readFileSync(lastPath, 'utf8') : null;
for (const provider of ['sqlite', 'postgresql']) {
  writeFileSync(join(work, 'to.prisma'), withUrl(current, provider));
  const from = previous ? ['--from-schema-datamodel', 'from.prisma'] : ['--from-empty'];
  if (previous) writeFileSync(join(work, 'from.prisma'), withUrl(previous, provider));
  const sql = execFileSync(
    process.execPath,
    [prisma6, 'migrate', 'diff', ...from, '--to-schema-datamodel', 'to.prisma', '--script', '--config', 'prisma.config.ts'],
    { cwd: work, env: { ...process.env, PRISMA_CLIENT_ENGINE_TYPE: 'client', PRISMA_HIDE_UPDATE_MESSAGE: '1' }, encoding: 'utf8' },
  );
  const script = sql.slice(sql.indexOf('--'));
  if (!/CREATE|ALTER|DROP/.test(script)) throw new Error(`prisma6 migrate diff gave no SQL for ${provider}:\n${sql}`);
  const dir = join(prismaDir, 'migrations', provider, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), script);
  writeFileSync(join(prismaDir, 'migrations', provider, 'migration_lock.toml'), `provider = "${provider}"\n`);
  console.log(`wrote ${dir}/migration.sql`);
}
copyFileSync(sqliteSchemaPath, lastPath);
