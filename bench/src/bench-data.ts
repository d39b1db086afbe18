import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AgentCredentials } from './commands.js';

/*
 * There is no admin API for agents yet, so the benchmark writes its agents and departments straight
 * into its own SQLite file (a throwaway under the OS temp dir), with a second connection while the
 * server runs: SQLite in WAL mode takes a second writer safely (the server's busy_timeout covers
 * the moment of our INSERTs), and the server reads agents and departments from the database on
 * every login and hello, caching nothing. better-sqlite3 and argon2 are the server's own
 * dependencies, loaded from its package so the bench adds no native build.
 */

type Statement = { run(...args: unknown[]): unknown; get(...args: unknown[]): unknown; all(...args: unknown[]): unknown[] };
type Db = { prepare(sql: string): Statement; exec(sql: string): void; close(): void; pragma(s: string): unknown };
type DbCtor = new (path: string, opts?: { readonly?: boolean }) => Db;
type Argon2 = { hash(password: string): Promise<string> };

export const BENCH_PASSWORD = 'bench-password-1';

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

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

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

export async function seedBenchData(
  repoRoot: string,
  file: string,
  opts: { throughputAgents: number; raceAgents: number; raceMaxChats: number },
): Promise<BenchData> {
  const argon2 = serverRequire(repoRoot)('@node-rs/argon2') as Argon2;
  // One hash for every bench agent: argon2 is deliberately slow, and they all share the password.
  const passwordHash = await argon2.hash(BENCH_PASSWORD);
  const db = openDb(repoRoot, file);
  try {
    const site = db.prepare('SELECT key, defaultDepartmentId FROM "Site" ORDER BY createdAt LIMIT 1').get();
    const siteKey = field(site, 'key');
    const supportId = field(site, 'defaultDepartmentId');
    if (typeof siteKey !== 'string' || typeof supportId !== 'string') throw new Error('the server has not seeded a site yet');
    const now = sqlTime(Date.now());
    const insertDepartment = db.prepare('INSERT INTO "Department" (id, siteId, name, createdAt) VALUES (?, NULL, ?, ?)');
    const insertAgent = db.prepare(
      `INSERT INTO "Agent" (id, email, name, passwordHash, role, maxChats, activeChats, active, createdAt)
       VALUES (?, ?, ?, ?, 'AGENT', ?, 0, 1, ?)`,
    );
    const member = db.prepare('INSERT INTO "AgentDepartment" (agentId, departmentId) VALUES (?, ?)');
    const agent = (key: string, maxChats: number, departmentId: string): AgentCredentials => {
      const email = `bench.${key}@example.com`;
      insertAgent.run(`bench_${key}`, email, `Bench ${key}`, passwordHash, maxChats, now);
      member.run(`bench_${key}`, departmentId);
      return { email, password: BENCH_PASSWORD };
    };
    db.exec('BEGIN IMMEDIATE');
    const departmentIds: string[] = [];
    const throughputAgents: AgentCredentials[] = [];
    for (let i = 0; i < opts.throughputAgents; i++) {
      const id = `bench_dept_${i}`;
      insertDepartment.run(id, `Bench ${i}`, now);
      departmentIds.push(id);
      throughputAgents.push(agent(`tp${i}`, 5, id));
    }
    const raceAgents = Array.from({ length: opts.raceAgents }, (_, i) => agent(`race${i}`, opts.raceMaxChats, supportId));
    const stormAgent = agent('storm', 1_000_000, supportId);
    db.exec('COMMIT');
    return { siteKey, departmentIds, throughputAgents, raceAgents, raceMaxChats: opts.raceMaxChats, stormAgent };
  } finally {
    db.close();
  }
}

export type RaceCheck = { claimedExactlyOnce: number; notActive: number; claimEventsOff: number; agentsOverCapacity: number; activeChatsMismatch: number };

/** After the claim race: what the database says (the real server only). */
export function checkRaceInDatabase(repoRoot: string, file: string, conversationIds: string[], wins: Record<string, number>, maxChats: number): RaceCheck {
  const db = openDb(repoRoot, file, true);
  try {
    const conv = db.prepare('SELECT status, assigneeId FROM "Conversation" WHERE id = ?');
    const events = db.prepare(`SELECT COUNT(*) AS n FROM "Message" WHERE conversationId = ? AND eventCode = 'claimed'`);
    let claimedExactlyOnce = 0;
    let notActive = 0;
    let claimEventsOff = 0;
    for (const id of conversationIds) {
      const row = conv.get(id);
      const n = field(events.get(id), 'n');
      if (field(row, 'status') !== 'ACTIVE' || field(row, 'assigneeId') === null) notActive += 1;
      if (n === 1) claimedExactlyOnce += 1;
      else claimEventsOff += 1;
    }
    let agentsOverCapacity = 0;
    let activeChatsMismatch = 0;
    const agentRow = db.prepare('SELECT activeChats, maxChats FROM "Agent" WHERE email = ?');
    for (const [email, won] of Object.entries(wins)) {
      const row = agentRow.get(email);
      const active = field(row, 'activeChats');
      if (typeof active !== 'number' || active > maxChats) agentsOverCapacity += 1;
      if (active !== won) activeChatsMismatch += 1;
    }
    return { claimedExactlyOnce, notActive, claimEventsOff, agentsOverCapacity, activeChatsMismatch };
  } finally {
    db.close();
  }
}
