import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-123' } as const;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  /** The process's own address, e.g. http://localhost:41234 (also PUBLIC_URL unless one was given). */
  url: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Interface to listen on (default localhost). */
  host?: string;
  /** PUBLIC_URL (default http://<host>:<port>); behind a reverse proxy, the proxy's origin. */
  publicUrl?: string;
  /** DATABASE_URL (default: a fresh SQLite file in a temporary directory). */
  databaseUrl?: string;
  /** More settings, applied last (REDIS_URL, TRUST_PROXY, FILES_DIR...). */
  env?: Record<string, string>;
  /** Prefix of the echoed log lines (default "server"), to tell several processes apart. */
  label?: string;
}

/**
 * Starts the REAL built server (`node apps/server/dist/main.js`) with a fresh SQLite database in a
 * temporary directory, and resolves once GET /healthz answers 200. E2E_SERVER_ENTRY overrides the
 * entry file (for example to try the fixtures against another build). With options, several
 * processes can share one database behind a proxy (two-processes.spec.ts).
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const entry = process.env.E2E_SERVER_ENTRY ?? join(repoRoot, 'apps', 'server', 'dist', 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: build first (\`pnpm turbo run build\`; \`npm test\` does it).`);
  }
  const host = options.host ?? 'localhost';
  const port = options.port ?? (await freePort(host));
  const url = `http://${host}:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'livechat-e2e-'));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    // localhost, not 127.0.0.1: the host page lives on 127.0.0.1, so the two are different sites.
    HOST: host,
    PUBLIC_URL: options.publicUrl ?? url,
    DATABASE_URL: options.databaseUrl ?? `file:${join(dataDir, 'e2e.db')}`,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    // Every journey signs agents in from the same address; throttling has its own server test.
    LOGIN_RATE_PER_MIN: '1000',
  };
  // One process, in-memory bus: a developer's REDIS_URL must not leak into the journeys.
  delete env.REDIS_URL;
  Object.assign(env, options.env);
  const label = options.label ?? 'server';

  const child = spawn(process.execPath, [entry], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const recentOutput: string[] = [];
  const echo = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      recentOutput.push(line);
      if (recentOutput.length > 40) recentOutput.shift();
      process.stderr.write(`[${label}] ${line}\n`);
    }
  };
  child.stdout?.on('data', echo);
  child.stderr?.on('data', echo);

  const stop = async () => {
    await stopChild(child);
    if (!process.env.E2E_KEEP_DATA) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, recentOutput);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

async function waitForHealth(url: string, child: ChildProcess, recentOutput: string[]): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the server exited during startup (${child.exitCode ?? child.signalCode}):\n${recentOutput.join('\n')}`,
      );
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastProblem = `GET /healthz answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `the server did not become healthy at ${url}/healthz within ${STARTUP_TIMEOUT_MS} ms ` +
      `(${lastProblem}):\n${recentOutput.join('\n')}`,
  );
}

/** SIGTERM (the server's graceful path), then SIGKILL if it has not exited in time. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
