// Shared by scripts/start.mjs and scripts/test.mjs: finds pnpm 10 on a machine that may only have Node
// and npm (corepack fails on these machines: the registry has no signatures), installs dependencies
// when the lockfile is newer than the last install, and runs commands from the repository root.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PNPM_VERSION = '10.34.9';
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Written after a successful install; its mtime says when dependencies last matched the lockfile. */
const INSTALL_STAMP = join(repoRoot, 'node_modules', '.livechat-install-stamp');

export function log(message) {
  process.stdout.write(`[livechat] ${message}\n`);
}

export function assertNodeVersion() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    log(`Node ${process.versions.node} is too old: this project needs Node 20.19 or newer.`);
    process.exit(1);
  }
}

/**
 * The command prefix that runs pnpm 10: the one on PATH when its major is 10, else npx with the
 * pinned version (pnpm 11 needs Node 22, so a newer global pnpm is no good either).
 * @returns {string[]}
 */
export function resolvePnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', cwd: repoRoot });
  const version = probe.status === 0 ? probe.stdout.trim() : '';
  if (version.split('.')[0] === '10') {
    log(`using pnpm ${version} from PATH`);
    return ['pnpm'];
  }
  log(
    `${version ? `pnpm ${version} on PATH is not 10.x` : 'pnpm not found on PATH'}: using npx --yes pnpm@${PNPM_VERSION}`,
  );
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** True when node_modules is missing or older than pnpm-lock.yaml. */
export function dependenciesOutdated() {
  if (!existsSync(join(repoRoot, 'node_modules'))) return true;
  // pnpm rewrites .modules.yaml on every real install; our stamp also covers "already up to date".
  const installedAt = Math.max(
    mtimeMs(INSTALL_STAMP),
    mtimeMs(join(repoRoot, 'node_modules', '.modules.yaml')),
  );
  return installedAt < mtimeMs(join(repoRoot, 'pnpm-lock.yaml'));
}

/**
 * Runs a command from the repository root with inherited stdio; resolves with its exit code
 * (128 + signal number when it was killed by a signal).
 * @param {string[]} command
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number>}
 */
export function run(command, env = process.env) {
  const [file, ...args] = command;
  if (!file) throw new Error('run: empty command');
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: repoRoot, env, stdio: 'inherit' });
    child.on('error', (error) => {
      log(`could not start ${file}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
  });
}

export function signalNumber(signal) {
  return (signal && { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal]) || 1;
}

/**
 * Installs dependencies with the frozen lockfile when they are missing or stale; returns the exit code.
 * @param {string[]} pnpm
 */
export async function ensureDependencies(pnpm) {
  if (!dependenciesOutdated()) {
    log('dependencies up to date (node_modules newer than pnpm-lock.yaml): skipping install');
    return 0;
  }
  log('installing dependencies: pnpm install --frozen-lockfile');
  const started = Date.now();
  // Without a TTY pnpm aborts instead of asking before it replaces a node_modules made by another
  // pnpm version or config; this script is the only thing writing there, so let it proceed.
  const code = await run([...pnpm, 'install', '--frozen-lockfile', '--config.confirm-modules-purge=false']);
  if (code === 0) {
    writeFileSync(INSTALL_STAMP, `${new Date().toISOString()}\n`);
    log(`install done in ${formatDuration(Date.now() - started)}`);
  }
  return code;
}

/** Environment for turbo and the tasks it runs. */
export function turboEnv() {
  return { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
}

export function formatDuration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60
    ? `${seconds}s`
    : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
