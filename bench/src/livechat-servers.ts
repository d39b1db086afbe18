import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dropPostgresSchema, type BenchDatabase } from './bench-data.js';
import { freePort, spawnNode, stop, waitReady, type Child } from './processes.js';
import { deleteRedisKeys, newPostgresUrl, newRedisPrefix, REDIS_URL } from './shared-services.js';

export const ADMIN = { email: 'admin@example.com', password: 'bench-admin-password' };

export type FleetOptions = {
  provider: 'sqlite' | 'postgresql';
  redis: boolean;
  processes: number;
  /** The run's temp dir (the SQLite file and uploaded files go there). */
  dir: string;
  cpuProf: boolean;
};

/** One or more server processes on one database (and one Redis), as behind a load balancer. */
export type Fleet = {
  children: Child[];
  ports: number[];
  /** http://127.0.0.1:<port> of each process. */
  bases: string[];
  inspectPorts: number[];
  /** PUBLIC_URL's origin, the same for every process (agents' requests must come from it). */
  origin: string;
  database: BenchDatabase;
  redisPrefix: string | null;
  /** Stops every process, then drops the run's schema and Redis keys. */
  stop(): Promise<void>;
};

/**
 * Starts the real server (apps/server/dist/main.js). With several processes the first starts alone,
 * so that it alone migrates and seeds an empty database; the others start once it answers.
 */
export async function startFleet(repoRoot: string, benchRoot: string, o: FleetOptions): Promise<Fleet> {
  const main = join(repoRoot, 'apps/server/dist/main.js');
  if (!existsSync(main))
    throw new Error(
      'apps/server/dist/main.js is missing: run `pnpm turbo run build --filter=@livechat/server`',
    );
  const profDir = join(benchRoot, 'profiles');
  if (o.cpuProf) mkdirSync(profDir, { recursive: true });
  const database: BenchDatabase =
    o.provider === 'sqlite'
      ? { provider: 'sqlite', file: join(o.dir, 'bench.db') }
      : { provider: 'postgresql', url: newPostgresUrl() };
  const redisPrefix = o.redis ? newRedisPrefix() : null;
  if (o.processes > 1 && o.provider === 'sqlite')
    throw new Error('--processes > 1 needs --provider postgresql (processes share the database)');
  if (o.processes > 1 && !o.redis)
    throw new Error('--processes > 1 needs --redis (the Bus between processes)');

  const ports = await Promise.all(Array.from({ length: o.processes }, () => freePort()));
  const inspectPorts = await Promise.all(Array.from({ length: o.processes }, () => freePort()));
  const origin = `http://localhost:${ports[0] ?? 0}`;
  const bases = ports.map((p) => `http://127.0.0.1:${p}`);
  const children: Child[] = [];
  const fleet: Fleet = {
    children,
    ports,
    bases,
    inspectPorts,
    origin,
    database,
    redisPrefix,
    async stop() {
      await Promise.all(children.map((c) => stop(c)));
      const problems: string[] = [];
      if (database.provider === 'postgresql')
        await dropPostgresSchema(repoRoot, database.url).catch((err: unknown) => problems.push(String(err)));
      if (redisPrefix) await deleteRedisKeys(redisPrefix).catch((err: unknown) => problems.push(String(err)));
      if (problems.length > 0) console.error(`[bench] cleanup: ${problems.join('; ')}`);
    },
  };
  const start = async (i: number) => {
    const child = spawnNode(
      // Under the inspector only so that the bench can force a GC before reading RSS.
      [
        `--inspect=127.0.0.1:${inspectPorts[i] ?? 0}`,
        // As `npm start` runs it (scripts/start.mjs).
        '--max-semi-space-size=16',
        ...(o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
        main,
      ],
      {
        PORT: String(ports[i] ?? 0),
        HOST: '127.0.0.1',
        PUBLIC_URL: origin,
        DATABASE_URL: database.provider === 'sqlite' ? `file:${database.file}` : database.url,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
        // The documented setting for the login limit: 100+ agents sign in from one address here.
        LOGIN_RATE_PER_MIN: '1000000',
        FILES_DIR: join(o.dir, 'files'),
        ...(redisPrefix ? { REDIS_URL, REDIS_KEY_PREFIX: redisPrefix } : {}),
      },
      repoRoot,
    );
    children.push(child);
    await waitReady(`${bases[i] ?? ''}/readyz`, child, 30_000);
  };
  try {
    await start(0);
    await Promise.all(Array.from({ length: o.processes - 1 }, (_, i) => start(i + 1)));
  } catch (err) {
    await fleet.stop();
    throw err;
  }
  return fleet;
}

export type BusCounters = { received: number; unwanted: number; publishFailures: number };

/** One labelled series of the process's /metrics (apps/server/src/domain/metrics.ts); null if absent. */
async function metricReader(base: string): Promise<(name: string, kind: string) => number | null> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return (name, kind) => {
    const m = new RegExp(`^${name}\\{kind="${kind}"\\} (\\S+)$`, 'm').exec(text);
    return m?.[1] === undefined ? null : Number(m[1]);
  };
}

/**
 * The process's Redis Bus counters from its /metrics (`livechat_bus_events{kind=...}`): events
 * received, and those no local socket listened for. null when the process has no Redis Bus.
 */
export async function busCounters(base: string): Promise<BusCounters | null> {
  const read = await metricReader(base);
  // "received" is the server's name for all events received ("all" in issue 7's wording).
  const received = read('livechat_bus_events', 'received') ?? read('livechat_bus_events', 'all');
  if (received === null) return null;
  return {
    received,
    unwanted: read('livechat_bus_events', 'unwanted') ?? 0,
    publishFailures: read('livechat_bus_events', 'publish_failures') ?? 0,
  };
}

/** SQLite WAL start overs so far (each pauses writes a moment); null on PostgreSQL. */
export async function walRestarts(base: string): Promise<number | null> {
  return (await metricReader(base))('livechat_sqlite_wal_restarts', 'done');
}
