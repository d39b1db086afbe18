import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '@livechat/protocol';
import * as z from 'zod/mini';

/** The repository root: paths such as the SQLite file resolve from here, whatever the cwd. */
export const repoRoot = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  PORT: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535)), 3000),
  HOST: z._default(z.string(), 'localhost'),
  /** The console's public origin (and base of widget URLs). Agent requests must come from it. */
  PUBLIC_URL: z.optional(z.url()),
  DATABASE_URL: z.optional(z.string()),
  /** Redis for fan-out across processes (redis://host:6379); unset = in-process fan-out. */
  REDIS_URL: z.optional(z.string().check(z.regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'))),
  /** Prefix of the presence and rate-limit keys in Redis: deployments (or test runs) sharing one Redis stay apart. */
  REDIS_KEY_PREFIX: z._default(z.string().check(z.minLength(1)), 'livechat:'),
  ADMIN_EMAIL: z._default(z.string().check(z.email()), 'admin@example.com'),
  ADMIN_PASSWORD: z.optional(z.string().check(z.minLength(8))),
  LOG_LEVEL: z._default(LogLevel, 'info'),
  /** Trust X-Forwarded-* from a reverse proxy (client IPs, Secure cookies). */
  TRUST_PROXY: z._default(z.stringbool(), false),
  /** SQLite durability: FULL survives power loss, NORMAL (default) survives a process crash. */
  SQLITE_SYNCHRONOUS: z._default(z.enum(['NORMAL', 'FULL']), 'NORMAL'),
  /** Hours after a close during which a visitor's message reopens the conversation. */
  REOPEN_HOURS: z._default(z.coerce.number().check(z.minimum(0)), 24),
  /** Hours without a message after which an open conversation is closed by the system; 0: never. */
  AUTO_CLOSE_HOURS: z._default(z.coerce.number().check(z.minimum(0)), 24),
  /** Seconds an agent may stay disconnected before their chats go back to the queue. */
  AGENT_GRACE_SECONDS: z._default(z.coerce.number().check(z.minimum(0)), 120),
  SESSION_TTL_HOURS: z._default(z.coerce.number().check(z.minimum(1)), 24 * 7),
  /** Frames per second each socket may send on average, and at once (default: the protocol's limits). */
  WS_FRAMES_PER_SECOND: z.optional(z.coerce.number().check(z.minimum(1))),
  WS_FRAME_BURST: z.optional(z.coerce.number().check(z.minimum(1))),
  /** Login attempts per IP per minute. */
  LOGIN_RATE_PER_MIN: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 10),
  /** Where uploaded files are stored (shared storage when scaled out). Relative to the repository root. */
  FILES_DIR: z.optional(z.string()),
  /** Secret that signs file URLs; unset: a random one kept in the database (Setting table). */
  FILE_URL_SECRET: z.optional(z.string().check(z.minLength(32))),
});

export type Env = {
  port: number;
  host: string;
  publicUrl: string;
  publicOrigin: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  adminEmail: string;
  adminPassword: string | undefined;
  logLevel: z.infer<typeof LogLevel>;
  trustProxy: boolean;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  reopenMs: number;
  autoCloseMs: number;
  sessionTtlMs: number;
  agentGraceMs: number;
  loginRatePerMin: number;
  framesPerSecond: number;
  frameBurst: number;
  filesDir: string;
  fileUrlSecret: string | undefined;
};

/** Reads and validates the environment once; a bad setting stops the start with a clear message. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (
    e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`
  ).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    publicOrigin: new URL(publicUrl).origin,
    databaseUrl: e.DATABASE_URL ?? `file:${resolve(repoRoot, 'data/livechat.db')}`,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    reopenMs: e.REOPEN_HOURS * 3_600_000,
    autoCloseMs: e.AUTO_CLOSE_HOURS * 3_600_000,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    agentGraceMs: e.AGENT_GRACE_SECONDS * 1000,
    loginRatePerMin: e.LOGIN_RATE_PER_MIN,
    framesPerSecond: e.WS_FRAMES_PER_SECOND ?? LIMITS.framesPerSecond,
    frameBurst: e.WS_FRAME_BURST ?? LIMITS.frameBurst,
    filesDir: resolve(repoRoot, e.FILES_DIR ?? 'data/files'),
    fileUrlSecret: e.FILE_URL_SECRET,
  };
}
