#!/usr/bin/env node
// `npm start`: install (only when the lockfile changed), build (turbo caches unchanged work), then run
// the server in the foreground with this process's environment. Needs only Node 20+ and npm.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertNodeVersion,
  ensureDependencies,
  log,
  repoRoot,
  resolvePnpm,
  run,
  signalNumber,
  turboEnv,
} from './lib/pnpm-runner.mjs';

assertNodeVersion();
const pnpm = resolvePnpm();

if ((await ensureDependencies(pnpm)) !== 0) {
  log('pnpm install failed');
  process.exit(1);
}

log('building: pnpm turbo run build');
const buildCode = await run([...pnpm, 'turbo', 'run', 'build', '--output-logs=errors-only'], turboEnv());
if (buildCode !== 0) {
  log(`build failed (exit ${buildCode})`);
  process.exit(buildCode);
}

const entry = join(repoRoot, 'apps', 'server', 'dist', 'main.js');
if (!existsSync(entry)) {
  log(`build finished but ${entry} does not exist`);
  process.exit(1);
}

// Semi-spaces of 16 MB, V8's default on 64-bit today, pinned because the bench chose it: the
// survivors a scavenge copies grow with the semi-space. With 64 MB (this file's flag until
// 2026-12-07) scavenges took 10-13 ms at 3,000 msg/s and the soak's p99 by window was 19-115 ms,
// against 11-32 ms with 16 (docs/performance.md, issue 7).
const nodeFlags = ['--max-semi-space-size=16'];
log(`starting server: node ${nodeFlags.join(' ')} apps/server/dist/main.js`);
const server = spawn(process.execPath, [...nodeFlags, entry], { cwd: repoRoot, env: process.env, stdio: 'inherit' });

// Forward shutdown signals so the server can close sockets and tell clients to reconnect; we exit
// only when it does, with its code. (A terminal Ctrl-C also reaches the server directly through the
// process group; a second SIGINT is harmless for a graceful close.)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  });
}

server.on('error', (error) => {
  log(`could not start the server: ${error.message}`);
  process.exit(1);
});
server.on('exit', (code, signal) => {
  process.exit(code ?? 128 + signalNumber(signal));
});
