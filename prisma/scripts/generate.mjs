// Generates the Prisma clients for both providers into apps/server/src/generated.
// Prisma 7's `generate` wants a schema engine binary it cannot download here, though it never runs
// it for generation; pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable (node itself) for this
// one command is enough. Never set it globally: `migrate` commands then silently do nothing.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { rootDir, sqliteSchemaPath, writePostgresSchema } from './schemas.mjs';

const require = createRequire(join(rootDir, 'apps/server/package.json'));
const prismaCli = require.resolve('prisma/build/index.js');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };

for (const schema of [sqliteSchemaPath, writePostgresSchema()]) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schema], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}
console.log('prisma clients generated (sqlite, postgres)');
