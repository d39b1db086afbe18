import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { AgentCredentials } from './commands.js';

/*
 * There is no admin API for agents yet, so the benchmark writes its agents and departments straight
 * into the database of its own run (a throwaway SQLite file under the OS temp dir, or a PostgreSQL
 * schema made for the run), with a connection of its own while the server runs. The server reads
 * agents and departments from the database on every login and hello (a visitor's hello caches the
 * site's departments for 10 s, and no visitor says hello before this insert). better-sqlite3 and
 * argon2 are the server's own dependencies, loaded from its package so the bench adds no native build.
 */

type Statement = {
  run(...args: unknown[]): unknown;
  get(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
};
type Db = {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  close(): void;
  pragma(s: string): unknown;
};
type DbCtor = new (path: string, opts?: { readonly?: boolean }) => Db;
type Argon2 = { hash(password: string): Promise<string> };

export const BENCH_PASSWORD = 'bench-password-1';

/** Where a run's server keeps its data: the bench writes its agents there and checks the claim race there. */
export type BenchDatabase = { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };

function serverRequire(repoRoot: string) {
  return createRequire(join(repoRoot, 'apps/server/package.json'));
}

function openDb(repoRoot: string, file: string, readonly = false): Db {
  // A module's constructor, not data from the wire or the database.
  const Database = serverRequire(repoRoot)('better-sqlite3') as DbCtor;
  const db = new Database(file, { readonly });
  db.pragma('busy_timeout = 10000');
  return db;
}

/** The server's own PostgreSQL helpers, from its build (the bench runs that build anyway). */
type ServerPostgres = {
  postgresTarget(url: string): { connectionString: string; schema: string };
  dropPostgresSchema(url: string): Promise<void>;
};

async function serverPostgres(repoRoot: string): Promise<ServerPostgres> {
  const dist = (path: string) => pathToFileURL(join(repoRoot, 'apps/server/dist', path)).href;
  const [sql, db] = await Promise.all([
    import(dist('store/postgres-sql.js')) as Promise<Pick<ServerPostgres, 'postgresTarget'>>,
    import(dist('db/open-database.js')) as Promise<Pick<ServerPostgres, 'dropPostgresSchema'>>,
  ]);
  return { postgresTarget: sql.postgresTarget, dropPostgresSchema: db.dropPostgresSchema };
}

async function withPostgres<T>(
  repoRoot: string,
  url: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const { connectionString, schema } = (await serverPostgres(repoRoot)).postgresTarget(url);
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops a schema made for one run (only a bench_ one). */
export async function dropPostgresSchema(repoRoot: string, url: string): Promise<void> {
  const server = await serverPostgres(repoRoot);
  const { schema } = server.postgresTarget(url);
  if (!schema.startsWith('bench_')) throw new Error(`refusing to drop schema ${schema}`);
  await server.dropPostgresSchema(url);
}

/** SQLite keeps Prisma's DateTime as ISO text with an offset. */
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
/**
 * PostgreSQL keeps it as timestamp(3) WITHOUT time zone holding UTC (what Prisma writes). Sent as text
 * so node-postgres does not turn a Date into local time.
 */
const postgresTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

const field = (row: unknown, key: string): unknown =>
  typeof row === 'object' && row !== null ? Reflect.get(row, key) : undefined;

export type BenchData = {
  siteKey: string;
  /** One department per throughput agent, so each agent's socket gets only its own chats' updates. */
  departmentIds: string[];
  throughputAgents: AgentCredentials[];
  raceAgents: AgentCredentials[];
  raceMaxChats: number;
  stormAgent: AgentCredentials;
};

type AgentRow = { id: string; email: string; name: string; maxChats: number; departmentId: string | null };

/** What both providers insert: throughput agents in their own departments, racers and the storm claimer in the site's default one. */
function plan(opts: { throughputAgents: number; raceAgents: number; raceMaxChats: number }) {
  const departments = Array.from({ length: opts.throughputAgents }, (_, i) => ({
    id: `bench_dept_${i}`,
    name: `Bench ${i}`,
  }));
  const agent = (key: string, maxChats: number, departmentId: string | null): AgentRow => ({
    id: `bench_${key}`,
    email: `bench.${key}@example.com`,
    name: `Bench ${key}`,
    maxChats,
    departmentId,
  });
  const throughput = departments.map((d, i) => agent(`tp${i}`, 5, d.id));
  // null = the site's default department, read from the database.
  const race = Array.from({ length: opts.raceAgents }, (_, i) => agent(`race${i}`, opts.raceMaxChats, null));
  const storm = agent('storm', 1_000_000, null);
  return { departments, throughput, race, storm };
}

export async function seedBenchData(
  repoRoot: string,
  target: BenchDatabase,
  opts: { throughputAgents: number; raceAgents: number; raceMaxChats: number },
): Promise<BenchData> {
  const argon2 = serverRequire(repoRoot)('@node-rs/argon2') as Argon2;
  // One hash for every bench agent: argon2 is deliberately slow, and they all share the password.
  const passwordHash = await argon2.hash(BENCH_PASSWORD);
  const p = plan(opts);
  const agents = [...p.throughput, ...p.race, p.storm];
  const siteKey =
    target.provider === 'sqlite'
      ? seedSqlite(repoRoot, target.file, p.departments, agents, passwordHash)
      : await seedPostgres(repoRoot, target.url, p.departments, agents, passwordHash);
  const creds = (a: AgentRow): AgentCredentials => ({ email: a.email, password: BENCH_PASSWORD });
  return {
    siteKey,
    departmentIds: p.departments.map((d) => d.id),
    throughputAgents: p.throughput.map(creds),
    raceAgents: p.race.map(creds),
    raceMaxChats: opts.raceMaxChats,
    stormAgent: creds(p.storm),
  };
}

function seedSqlite(
  repoRoot: string,
  file: string,
  departments: Array<{ id: string; name: string }>,
  agents: AgentRow[],
  passwordHash: string,
): string {
  const db = openDb(repoRoot, file);
  try {
    const site = db.prepare('SELECT key, defaultDepartmentId FROM "Site" ORDER BY createdAt LIMIT 1').get();
    const siteKey = field(site, 'key');
    const supportId = field(site, 'defaultDepartmentId');
    if (typeof siteKey !== 'string' || typeof supportId !== 'string')
      throw new Error('the server has not seeded a site yet');
    const now = sqliteTime(Date.now());
    const insertDepartment = db.prepare(
      'INSERT INTO "Department" (id, siteId, name, createdAt) VALUES (?, NULL, ?, ?)',
    );
    const insertAgent = db.prepare(
      `INSERT INTO "Agent" (id, email, name, passwordHash, role, maxChats, activeChats, active, createdAt)
       VALUES (?, ?, ?, ?, 'AGENT', ?, 0, 1, ?)`,
    );
    const member = db.prepare('INSERT INTO "AgentDepartment" (agentId, departmentId) VALUES (?, ?)');
    db.exec('BEGIN IMMEDIATE');
    for (const d of departments) insertDepartment.run(d.id, d.name, now);
    for (const a of agents) {
      insertAgent.run(a.id, a.email, a.name, passwordHash, a.maxChats, now);
      member.run(a.id, a.departmentId ?? supportId);
    }
    db.exec('COMMIT');
    return siteKey;
  } finally {
    db.close();
  }
}

/** Same rows as the SQLite insert; `active` is a real boolean and times are timestamp(3) here. */
async function seedPostgres(
  repoRoot: string,
  url: string,
  departments: Array<{ id: string; name: string }>,
  agents: AgentRow[],
  passwordHash: string,
): Promise<string> {
  return withPostgres(repoRoot, url, async (db) => {
    const site = (
      await db.query('SELECT "key", "defaultDepartmentId" FROM "Site" ORDER BY "createdAt" LIMIT 1')
    ).rows[0] as unknown;
    const siteKey = field(site, 'key');
    const supportId = field(site, 'defaultDepartmentId');
    if (typeof siteKey !== 'string' || typeof supportId !== 'string')
      throw new Error('the server has not seeded a site yet');
    const now = postgresTime(Date.now());
    await db.query('BEGIN');
    try {
      // unnest: one statement per table, not one round trip per row.
      await db.query(
        `INSERT INTO "Department" ("id", "siteId", "name", "createdAt")
         SELECT id, NULL, name, $3::timestamp(3) FROM unnest($1::text[], $2::text[]) AS d(id, name)`,
        [departments.map((d) => d.id), departments.map((d) => d.name), now],
      );
      await db.query(
        `INSERT INTO "Agent" ("id", "email", "name", "passwordHash", "role", "maxChats", "activeChats", "active", "createdAt")
         SELECT id, email, name, $5, 'AGENT', max_chats, 0, true, $6::timestamp(3)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS a(id, email, name, max_chats)`,
        [
          agents.map((a) => a.id),
          agents.map((a) => a.email),
          agents.map((a) => a.name),
          agents.map((a) => a.maxChats),
          passwordHash,
          now,
        ],
      );
      await db.query(
        `INSERT INTO "AgentDepartment" ("agentId", "departmentId") SELECT * FROM unnest($1::text[], $2::text[])`,
        [agents.map((a) => a.id), agents.map((a) => a.departmentId ?? supportId)],
      );
      await db.query('COMMIT');
    } catch (err) {
      await db.query('ROLLBACK');
      throw err;
    }
    return siteKey;
  });
}

export type RaceCheck = {
  claimedExactlyOnce: number;
  notActive: number;
  claimEventsOff: number;
  agentsOverCapacity: number;
  activeChatsMismatch: number;
};

type RaceRows = {
  conversation(id: string): Promise<{ status: unknown; assigneeId: unknown; claimEvents: unknown }>;
  activeChats(email: string): Promise<unknown>;
};

/** After the claim race: what the database says (the real server only). */
export async function checkRaceInDatabase(
  repoRoot: string,
  target: BenchDatabase,
  conversationIds: string[],
  wins: Record<string, number>,
  maxChats: number,
): Promise<RaceCheck> {
  if (target.provider === 'postgresql') {
    return withPostgres(repoRoot, target.url, (db) =>
      countRace(
        {
          async conversation(id) {
            const row = (
              await db.query('SELECT "status", "assigneeId" FROM "Conversation" WHERE "id" = $1', [id])
            ).rows[0] as unknown;
            const n = (
              await db.query(
                `SELECT COUNT(*)::int AS n FROM "Message" WHERE "conversationId" = $1 AND "eventCode" = 'claimed'`,
                [id],
              )
            ).rows[0] as unknown;
            return {
              status: field(row, 'status'),
              assigneeId: field(row, 'assigneeId'),
              claimEvents: field(n, 'n'),
            };
          },
          async activeChats(email) {
            return field(
              (await db.query('SELECT "activeChats" FROM "Agent" WHERE "email" = $1', [email]))
                .rows[0] as unknown,
              'activeChats',
            );
          },
        },
        conversationIds,
        wins,
        maxChats,
      ),
    );
  }
  const db = openDb(repoRoot, target.file, true);
  try {
    const conv = db.prepare('SELECT status, assigneeId FROM "Conversation" WHERE id = ?');
    const events = db.prepare(
      `SELECT COUNT(*) AS n FROM "Message" WHERE conversationId = ? AND eventCode = 'claimed'`,
    );
    const agentRow = db.prepare('SELECT activeChats FROM "Agent" WHERE email = ?');
    return await countRace(
      {
        conversation: (id) => {
          const row = conv.get(id);
          return Promise.resolve({
            status: field(row, 'status'),
            assigneeId: field(row, 'assigneeId'),
            claimEvents: field(events.get(id), 'n'),
          });
        },
        activeChats: (email) => Promise.resolve(field(agentRow.get(email), 'activeChats')),
      },
      conversationIds,
      wins,
      maxChats,
    );
  } finally {
    db.close();
  }
}

async function countRace(
  rows: RaceRows,
  conversationIds: string[],
  wins: Record<string, number>,
  maxChats: number,
): Promise<RaceCheck> {
  let claimedExactlyOnce = 0;
  let notActive = 0;
  let claimEventsOff = 0;
  for (const id of conversationIds) {
    const row = await rows.conversation(id);
    if (row.status !== 'ACTIVE' || row.assigneeId === null || row.assigneeId === undefined) notActive += 1;
    if (row.claimEvents === 1) claimedExactlyOnce += 1;
    else claimEventsOff += 1;
  }
  let agentsOverCapacity = 0;
  let activeChatsMismatch = 0;
  for (const [email, won] of Object.entries(wins)) {
    const active = await rows.activeChats(email);
    if (typeof active !== 'number' || active > maxChats) agentsOverCapacity += 1;
    if (active !== won) activeChatsMismatch += 1;
  }
  return { claimedExactlyOnce, notActive, claimEventsOff, agentsOverCapacity, activeChatsMismatch };
}
