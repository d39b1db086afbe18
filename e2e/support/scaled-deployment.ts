// A production-shaped deployment for one journey: two built server processes on one shared database
// and Redis, behind real nginx running deploy/nginx/livechat.conf (docs/deploy.md describes it).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startHostPage, type RunningHostPage } from './host-page.js';
import { assertNginxInstalled, startNginx, type RunningNginx } from './nginx.js';
import { startServer, type RunningServer } from './server-process.js';

/**
 * The store the processes share: PostgreSQL, as in production (a fresh schema per run, dropped at the
 * end). 'sqlite' makes them share one SQLite file instead (WAL and IMMEDIATE write transactions make
 * that safe on one machine), the way this journey ran before the PostgreSQL store. One line to switch.
 */
export const DATABASE_PROVIDER: 'sqlite' | 'postgres' = 'postgres';

// A user name in the URL: node-postgres otherwise takes $USER, which a CI shell may not set.
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A User-Agent mark per process: the rendered nginx config sends that browser to that process. */
export const PIN_MARK = ['livechat-e2e-process-1', 'livechat-e2e-process-2'] as const;

export interface ProcessUnderTest {
  /** Straight to the process, bypassing nginx (for /metrics, which nginx does not expose). */
  directUrl: string;
  port: number;
}

export interface ScaledDeployment {
  /** nginx: the one origin browsers and the API use (every process's PUBLIC_URL). */
  origin: string;
  processes: [ProcessUnderTest, ProcessUnderTest];
  /** The customer's site embedding the widget from `origin` (another site: 127.0.0.1). */
  hostPageOrigin: string;
  databaseUrl: string;
  nginx: RunningNginx;
  stop(): Promise<void>;
}

/**
 * nginx first (its upstreams may be down for a moment, as after a reboot), then the two processes,
 * then the host page (the customer's site, embedding the widget from nginx's origin).
 */
export async function startScaledDeployment(): Promise<ScaledDeployment> {
  assertNginxInstalled();
  await assertReachable(REDIS_URL, 'Redis (REDIS_URL fans events out between the processes)');
  if (DATABASE_PROVIDER === 'postgres') await assertReachable(POSTGRES_URL, 'PostgreSQL');

  const workDir = await mkdtemp(join(tmpdir(), 'livechat-scaled-'));
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  const databaseUrl =
    DATABASE_PROVIDER === 'postgres'
      ? `${POSTGRES_URL}?schema=${schema}`
      : `file:${join(workDir, 'shared.db')}`;
  const ports = [await freePort('127.0.0.1'), await freePort('127.0.0.1')] as const;
  const nginxPort = await freePort('127.0.0.1');

  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };
  cleanups.push(async () => {
    if (process.env.E2E_KEEP_DATA) return;
    await rm(workDir, { recursive: true, force: true });
    if (DATABASE_PROVIDER === 'postgres') await dropSchema(schema);
  });

  try {
    const nginx = await startNginx({
      port: nginxPort,
      upstreamPorts: [...ports],
      pins: PIN_MARK.map((userAgentMark, i) => ({ userAgentMark, port: ports[i] ?? 0 })),
    });
    cleanups.push(() => nginx.stop());

    const settings = {
      REDIS_URL,
      // Presence and rate-limit keys of this deployment only: other test runs may share the Redis.
      REDIS_KEY_PREFIX: `${schema}:`,
      TRUST_PROXY: 'true',
      // Uploads written by one process are read by the other: one directory for both.
      FILES_DIR: join(workDir, 'files'),
    };
    // One after the other: the first start migrates and seeds (admin, "Support", the first site).
    // Migrations take a lock, but the seed does not: two first starts at once both find no agent,
    // and the loser dies on the admin's unique email (apps/server/src/db/seed.ts, seen here). Once
    // the database is seeded, processes may start in any order (docs/deploy.md).
    const servers: RunningServer[] = [];
    cleanups.push(async () => {
      await Promise.all(servers.map((server) => server.stop()));
    });
    for (const [i, port] of ports.entries()) {
      servers.push(
        await startServer({
          host: '127.0.0.1',
          port,
          publicUrl: nginx.origin,
          databaseUrl,
          env: settings,
          label: `process ${i + 1}`,
        }),
      );
    }

    const hostPage: RunningHostPage = await startHostPage(nginx.origin);
    cleanups.push(() => hostPage.stop());

    return {
      origin: nginx.origin,
      processes: [
        { directUrl: `http://127.0.0.1:${ports[0]}`, port: ports[0] },
        { directUrl: `http://127.0.0.1:${ports[1]}`, port: ports[1] },
      ],
      hostPageOrigin: hostPage.origin,
      databaseUrl,
      nginx,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Open WebSockets of one process by kind (visitor, agent), from its own /metrics. */
export async function openSockets(process: ProcessUnderTest): Promise<Record<string, number>> {
  const response = await fetch(`${process.directUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${process.directUrl}/metrics answered ${response.status}`);
  const counts: Record<string, number> = {};
  for (const match of (await response.text()).matchAll(/^livechat_connections\{kind="(\w+)"\} (\d+)$/gm)) {
    const [, kind, value] = match;
    if (kind && value) counts[kind] = Number(value);
  }
  return counts;
}

async function assertReachable(url: string, what: string): Promise<void> {
  const { hostname, port } = new URL(url);
  const ok = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(2_000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
  if (!ok) throw new Error(`${what} is not reachable at ${hostname}:${port}: start it (.ci/run does).`);
}

/** Best effort: psql is there wherever the PostgreSQL server is. */
function dropSchema(schema: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('psql', [POSTGRES_URL, '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], {
      stdio: 'ignore',
    });
    child.once('error', () => resolve());
    child.once('close', () => resolve());
  });
}
