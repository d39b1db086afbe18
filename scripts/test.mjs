#!/usr/bin/env node
// `npm test`: everything CI checks, in order: install, then build + lint + typecheck + unit and
// integration tests of every workspace through turbo, then the Playwright journeys against the built
// server in Debian's Chromium. Exits non-zero when any step fails and ends with one summary line.
import { existsSync } from 'node:fs';
import {
  assertNodeVersion,
  ensureDependencies,
  formatDuration,
  log,
  resolvePnpm,
  run,
  turboEnv,
} from './lib/pnpm-runner.mjs';

const CHROMIUM = '/usr/bin/chromium';
const E2E = '@livechat/e2e';

assertNodeVersion();

// Checked first so a missing browser costs seconds, not a full build. Playwright cannot download
// its own browsers on these machines; the journeys use Debian's package.
if (!existsSync(CHROMIUM)) {
  log(`${CHROMIUM} is missing: the Playwright journeys need Debian's Chromium.`);
  log('Install it with: apt-get install -y chromium   (as root; CI does this in .ci/run)');
  log('test: FAIL (chromium missing)');
  process.exit(1);
}

const started = Date.now();
/** @type {{ name: string, code: number, ms: number }[]} */
const results = [];

/** @param {string} name @param {string[]} command @param {NodeJS.ProcessEnv} [env] */
async function step(name, command, env) {
  log(`${name}: ${command.join(' ')}`);
  const stepStarted = Date.now();
  const code = await run(command, env);
  const ms = Date.now() - stepStarted;
  results.push({ name, code, ms });
  log(`${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${formatDuration(ms)}`);
  return code;
}

function finish() {
  const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
  const steps = results.map((r) => `${r.name} ${r.code === 0 ? 'ok' : 'FAILED'}`).join(', ');
  const total = formatDuration(Date.now() - started);
  log(`test: ${failed.length === 0 ? 'PASS' : 'FAIL'} (${steps}) in ${total}`);
  process.exit(failed.length === 0 ? 0 : 1);
}

const pnpm = resolvePnpm();
const installStarted = Date.now();
const installCode = await ensureDependencies(pnpm);
results.push({ name: 'install', code: installCode, ms: Date.now() - installStarted });
if (installCode !== 0) finish();

// The e2e package's own `test` script is the Playwright run below, which needs every app built
// first; so turbo runs all four tasks everywhere except there, and only lint + typecheck there.
// --continue runs the remaining tasks after a failure; turbo still exits non-zero.
await step(
  'workspaces',
  [
    ...pnpm,
    'turbo',
    'run',
    'build',
    'lint',
    'typecheck',
    'test',
    '--continue',
    '--output-logs=new-only',
    `--filter=!${E2E}`,
  ],
  turboEnv(),
);
// The server's unit and integration tests again, on PostgreSQL (127.0.0.1:5432, database test, a
// schema per test server): the store's SQL, its locking and the Prisma code run on both providers.
// src/scale (several processes on PostgreSQL and Redis) ran already: it is on PostgreSQL either way.
await step(
  'server-postgres',
  [
    ...pnpm,
    '--filter',
    '@livechat/server',
    '--fail-if-no-match',
    'exec',
    'vitest',
    'run',
    '--exclude',
    'src/scale/**',
  ],
  { ...process.env, TEST_DATABASE: 'postgres' },
);
await step(
  'e2e-static',
  [...pnpm, 'turbo', 'run', 'lint', 'typecheck', '--continue', '--output-logs=new-only', `--filter=${E2E}`],
  turboEnv(),
);
// Runs even when a lint or unit test failed: the journeys are still worth knowing about. When the
// build failed, the fixtures fail fast with a message naming the missing server entry.
// --fail-if-no-match: a renamed package must not turn the journeys into a silent no-op.
await step('journeys', [...pnpm, '--filter', E2E, '--fail-if-no-match', 'test']);

finish();
