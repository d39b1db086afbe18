import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../env.js';
import { ADMIN, clientsFor, freePort } from './clients.js';

const MAIN = join(repoRoot, 'apps/server/dist/main.js');

export type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>;

/**
 * The built server (dist/main.js) as a process of its own, as it runs in production behind a load
 * balancer: several of them share `shared.DATABASE_URL`, REDIS_URL and the public origin. Used by the
 * scale-out tests, which kill processes with real signals. `npm test` builds before it tests.
 */
export async function startServerProcess(shared: {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  publicUrl: string;
  filesDir: string;
  env?: Record<string, string>;
}) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the server first (pnpm turbo run build)`);
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: shared.publicUrl,
    DATABASE_URL: shared.databaseUrl,
    REDIS_URL: shared.redisUrl,
    REDIS_KEY_PREFIX: shared.redisKeyPrefix,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    LOGIN_RATE_PER_MIN: '1000',
    FILES_DIR: shared.filesDir,
    ...shared.env,
  };
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output.join('')}`);
    const up = await fetch(`${base}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  // The site and its default department, as an admin sees them.
  const admin = clientsFor(port, shared.publicUrl, '');
  const cookie = await admin.login();
  const sites = (await admin.api('GET', '/api/admin/sites', { cookie })).json as {
    items: Array<{ key: string; defaultDepartmentId: string | null }>;
  };
  const site = sites.items[0];
  if (!site?.defaultDepartmentId) throw new Error('no site with a default department');
  const clients = clientsFor(port, shared.publicUrl, site.key);

  return {
    ...clients,
    port,
    pid: child.pid ?? 0,
    siteKey: site.key,
    departmentId: site.defaultDepartmentId,
    /** What the process printed (for a failing test's message). */
    output: () => output.join(''),
    /** Sends a signal and waits for the process to end. */
    async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
