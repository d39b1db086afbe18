import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/*
 * The PostgreSQL and Redis the bench uses when asked to (or for figure 5): the local ones, shared
 * with other users of the machine, so each run takes a schema and a key prefix of its own and
 * removes them at the end.
 */
export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } as const;
export const REDIS = { host: '127.0.0.1', port: 6379 } as const;
export const REDIS_URL = `redis://${REDIS.host}:${REDIS.port}`;

/** A fresh `bench_<random>` schema in the `test` database (the server creates it and migrates it). */
export function newPostgresUrl(): string {
  return `postgresql://${POSTGRES.user}@${POSTGRES.host}:${POSTGRES.port}/${POSTGRES.database}?schema=bench_${randomBytes(5).toString('hex')}`;
}

/** A fresh REDIS_KEY_PREFIX: the run's Bus channels, presence and rate-limit keys stay apart. */
export function newRedisPrefix(): string {
  return `bench_${randomBytes(5).toString('hex')}:`;
}

/** Whether something accepts TCP connections there (bounded by `timeoutMs`). */
export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * Deletes the run's keys (presence hashes and sets, rate-limit counters) with one server-side script,
 * in plain RESP so the bench needs no Redis client. Channels need no cleanup.
 */
export function deleteRedisKeys(prefix: string): Promise<number> {
  if (!/^bench_[0-9a-f]+:$/.test(prefix))
    return Promise.reject(new Error(`refusing to delete keys under ${prefix}`));
  const script =
    "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end return n";
  const args = ['EVAL', script, '0', `${prefix}*`];
  const command = `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const s = connect(REDIS.port, REDIS.host);
    let reply = '';
    s.setTimeout(5000, () => s.destroy(new Error('redis: no reply')));
    s.once('connect', () => s.write(command));
    s.on('data', (d: Buffer) => {
      reply += d.toString('utf8');
      if (!reply.endsWith('\r\n')) return;
      s.end();
      const n = /^:(\d+)\r\n$/.exec(reply)?.[1];
      if (n === undefined) reject(new Error(`redis: ${reply.trim()}`));
      else resolve(Number(n));
    });
    s.once('error', reject);
  });
}
