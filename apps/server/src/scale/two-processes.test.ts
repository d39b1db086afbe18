import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AckFrame,
  AgentServerFrame,
  ChatMessage,
  ErrorFrame,
  MessageFrame,
  ReconnectFrame,
  ReplayPageFrame,
} from '@livechat/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgresSchema } from '../db/open-database.js';
import { freePort, type WsClient } from '../test-support/clients.js';
import { cid } from '../test-support/test-server.js';
import { startServerProcess, type ServerProcess } from '../test-support/server-process.js';
import { startRedis, startTcpHop, streamProblems } from './scale-support.js';

/*
 * Issue 6: the server as several processes (dist/main.js, each its own OS process) sharing
 * PostgreSQL and Redis, with real faults: SIGKILL, a Redis restart, the database cut off.
 * Always on PostgreSQL + Redis, whatever TEST_DATABASE says; the Redis is this file's own, so
 * restarting it disturbs no other test file.
 */
const POSTGRES = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const schema = `scale_${randomBytes(5).toString('hex')}`;
const direct = `${POSTGRES}?schema=${schema}`;

const AUTO_CLOSE_MS = 20_000;

let redis: Awaited<ReturnType<typeof startRedis>>;
let hop: Awaited<ReturnType<typeof startTcpHop>>;
let a: ServerProcess; // reaches PostgreSQL through `hop`, which a test cuts
let b: ServerProcess;
let shared: Parameters<typeof startServerProcess>[0];
let adminCookie: string;

beforeAll(async () => {
  redis = await startRedis(await freePort());
  const hopPort = await freePort();
  hop = await startTcpHop(hopPort, Number(new URL(POSTGRES).port || 5432));
  shared = {
    databaseUrl: direct,
    redisUrl: redis.url,
    redisKeyPrefix: `scale-${schema}:`,
    publicUrl: `http://localhost:${await freePort()}`,
    filesDir: mkdtempSync(join(tmpdir(), 'livechat-scale-')),
    // Idle chats close after 20 s: the periodic pass that does it runs under a lease (last test).
    env: { AUTO_CLOSE_HOURS: String(AUTO_CLOSE_MS / 3_600_000) },
  };
  const viaHop = new URL(direct);
  viaHop.port = String(hopPort);
  // Both start at once on an empty schema: migrations and the first-run seed must not collide.
  [a, b] = await Promise.all([
    startServerProcess({ ...shared, databaseUrl: viaHop.toString() }),
    startServerProcess(shared),
  ]);
  adminCookie = await a.login();
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
  await redis?.stop();
  await hop?.stop();
  await dropPostgresSchema(direct);
});

let agents = 0;
/** An agent of the default department, created by the admin on process A. */
function newAgent(maxChats = 5): Promise<{ id: string; email: string; password: string }> {
  return newAgentOn(a, maxChats);
}

async function newAgentOn(
  server: ServerProcess,
  maxChats = 5,
): Promise<{ id: string; email: string; password: string }> {
  agents += 1;
  const email = `scale.agent.${agents}@example.com`;
  const password = 'agent-password-1';
  const res = await server.api('POST', '/api/admin/agents', {
    cookie: await server.login(),
    body: { email, name: `Scale Agent ${agents}`, password, maxChats, departmentIds: [a.departmentId] },
  });
  expect(res.status).toBe(201);
  return { id: (res.json as { agent: { id: string } }).agent.id, email, password };
}

/** A visitor's first message on `server`: a new QUEUED conversation. */
async function queuedChat(server: ServerProcess) {
  const visitor = await server.visitor();
  visitor.send({ type: 'message.send', clientMsgId: cid('first'), text: 'hello' });
  const ack = await visitor.next<AckFrame>((f) => f.type === 'ack');
  return { visitor, conversationId: ack.conversationId };
}

type Agent = WsClient<AgentServerFrame>;

/** Watches from `afterSeq` and returns the replayed messages (all pages). */
async function watch(agent: Agent, conversationId: string, afterSeq = 0): Promise<ChatMessage[]> {
  const before = agent.all((f) => f.type === 'replay.page').length;
  agent.send({ type: 'conversation.watch', conversationId, afterSeq });
  const messages: ChatMessage[] = [];
  for (;;) {
    const page = await agent.next<ReplayPageFrame>(
      (f) => f.type === 'replay.page' && f.conversationId === conversationId,
    );
    messages.push(...page.messages);
    if (!page.hasMore) break;
  }
  expect(agent.all((f) => f.type === 'replay.page').length).toBeGreaterThan(before);
  return messages;
}

describe('two server processes on PostgreSQL and Redis', () => {
  it('a visitor on one process and an agent on the other chat normally', async () => {
    const agent = await newAgent();
    const cookie = await b.login(agent.email, agent.password);
    const console = await b.agentSocket(cookie);
    const { visitor, conversationId } = await queuedChat(a);
    await console.next((f) => f.type === 'conversation.updated' && f.conversation.id === conversationId);

    expect((await b.api('POST', `/api/conversations/${conversationId}/claim`, { cookie })).status).toBe(200);
    await watch(console, conversationId);
    console.send({ type: 'message.send', conversationId, clientMsgId: cid(), text: 'from B', note: false });
    const reply = await visitor.next<MessageFrame>(
      (f) => f.type === 'message' && f.message.text === 'from B',
    );
    expect(reply.message.authorKind).toBe('AGENT');

    visitor.send({ type: 'message.send', clientMsgId: cid(), text: 'thanks, from A' });
    await console.next((f) => f.type === 'message' && f.message.text === 'thanks, from A');
    expect(streamProblems(await watch(console, conversationId))).toEqual([]);
    await visitor.close();
    await console.close();
  });

  it('a claim race across processes has exactly one winner per chat', async () => {
    const racers = await Promise.all(Array.from({ length: 8 }, () => newAgent(10)));
    const cookies = await Promise.all(racers.map((r, i) => (i % 2 === 0 ? a : b).login(r.email, r.password)));
    const chats = await Promise.all(Array.from({ length: 4 }, (_, i) => queuedChat(i % 2 ? a : b)));
    for (const { conversationId, visitor } of chats) {
      const results = await Promise.all(
        cookies.map((cookie, i) =>
          (i % 2 === 0 ? a : b).api('POST', `/api/conversations/${conversationId}/claim`, { cookie }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(racers.length - 1);
      await visitor.close();
    }
  });

  it("an agent's capacity is never exceeded across processes", async () => {
    const agent = await newAgent(2);
    const [onA, onB] = [
      await a.login(agent.email, agent.password),
      await b.login(agent.email, agent.password),
    ];
    const chats = await Promise.all(Array.from({ length: 6 }, (_, i) => queuedChat(i % 2 ? a : b)));
    const results = await Promise.all(
      chats.map(({ conversationId }, i) =>
        (i % 2 ? a : b).api('POST', `/api/conversations/${conversationId}/claim`, {
          cookie: i % 2 ? onA : onB,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(
      results.filter((r) => r.status !== 200).map((r) => (r.json as { error: { code: string } }).error.code),
    ).toEqual(Array.from({ length: 4 }, () => 'capacity_reached'));
    const me = await b.api('GET', `/api/admin/agents/${agent.id}`, { cookie: adminCookie });
    expect(me.json).toMatchObject({ activeChats: 2, maxChats: 2 });
    for (const c of chats) await c.visitor.close();
  });

  it('a process killed with SIGKILL loses no acked message; its clients replay on the other one', async () => {
    const doomed = await startServerProcess(shared);
    const agent = await newAgent();
    const agentCookie = await doomed.login(agent.email, agent.password);
    const console = await doomed.agentSocket(agentCookie);
    const token = (await doomed.visitorSession()).token;
    const visitor = await doomed.visitor(token);
    const ids = Array.from({ length: 30 }, (_, i) => cid(`kill${i}`));
    visitor.send({ type: 'message.send', clientMsgId: ids[0], text: 'message 0' });
    const first = await visitor.next<AckFrame>((f) => f.type === 'ack');
    const { conversationId } = first;
    expect(
      (await doomed.api('POST', `/api/conversations/${conversationId}/claim`, { cookie: agentCookie }))
        .status,
    ).toBe(200);
    await watch(console, conversationId);

    // A burst, and the process dies under it: some acked, some in flight (stored or not), none lost.
    const send = (i: number) =>
      visitor.send({ type: 'message.send', clientMsgId: ids[i], text: `message ${i}` });
    for (let i = 1; i < 15; i++) send(i);
    await visitor.next((f) => f.type === 'ack' && f.clientMsgId === ids[5]);
    for (let i = 15; i < ids.length; i++) send(i);
    expect(await doomed.kill('SIGKILL')).toBeNull();
    await visitor.next(() => false, 5000).catch(() => undefined); // until the socket reports its close
    expect(visitor.closed).not.toBeNull();
    const acked = new Map(visitor.all<AckFrame>((f) => f.type === 'ack').map((f) => [f.clientMsgId, f.seq]));
    expect(acked.size).toBeGreaterThan(5);
    expect(acked.size).toBeLessThan(ids.length);
    const seenByVisitor = Math.max(...acked.values());

    // Both come back on process B. The agent replays what it missed and answers...
    const console2 = await b.agentSocket(await b.login(agent.email, agent.password));
    const lastAgentSeq = Math.max(
      0,
      ...console.all<MessageFrame>((f) => f.type === 'message').map((f) => f.message.seq),
    );
    await watch(console2, conversationId, lastAgentSeq);
    console2.send({
      type: 'message.send',
      conversationId,
      clientMsgId: cid(),
      text: 'still here',
      note: false,
    });
    await console2.next((f) => f.type === 'ack');

    // ...the visitor says hello from its last seq, gets what it missed, and resends the unacked
    // messages with their clientMsgIds, as the widget's outbox does.
    const visitor2 = await b.visitor(token, { conversationId, afterSeq: seenByVisitor });
    const missed = await visitor2.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(missed.messages.map((m) => m.text)).toContain('still here');
    expect(missed.messages.every((m) => m.seq > seenByVisitor)).toBe(true);
    for (const [i, id] of ids.entries()) {
      if (!acked.has(id)) visitor2.send({ type: 'message.send', clientMsgId: id, text: `message ${i}` });
    }
    for (const id of ids) {
      if (!acked.has(id)) {
        const ack = await visitor2.next<AckFrame>((f) => f.type === 'ack' && f.clientMsgId === id);
        acked.set(id, ack.seq);
      }
    }

    // The stream is whole: every message once, in order, and every acked seq is the stored one.
    const stream = await watch(console2, conversationId);
    expect(streamProblems(stream)).toEqual([]);
    const byClientId = new Map(stream.map((m) => [m.clientMsgId, m.seq]));
    for (const [id, seq] of acked) expect(byClientId.get(id)).toBe(seq);
    expect(stream.filter((m) => m.text === 'still here')).toHaveLength(1);
    await visitor2.close();
    await console2.close();
  }, 60_000);

  it('SIGTERM drains: clients are told to reconnect, nothing acked is lost, the process exits 0', async () => {
    const draining = await startServerProcess(shared);
    const agent = await newAgent();
    const agentCookie = await draining.login(agent.email, agent.password);
    const console = await draining.agentSocket(agentCookie);
    const token = (await draining.visitorSession()).token;
    const visitor = await draining.visitor(token);
    const ids = Array.from({ length: 10 }, (_, i) => cid(`drain${i}`));
    visitor.send({ type: 'message.send', clientMsgId: ids[0], text: 'before the drain' });
    const { conversationId } = await visitor.next<AckFrame>((f) => f.type === 'ack');
    const claimed = await draining.api('POST', `/api/conversations/${conversationId}/claim`, {
      cookie: agentCookie,
    });
    expect(claimed.status).toBe(200);
    for (const id of ids.slice(1)) visitor.send({ type: 'message.send', clientMsgId: id, text: id });

    const exited = draining.kill('SIGTERM');
    const told = await visitor.next<ReconnectFrame>((f) => f.type === 'reconnect');
    expect(told.withinMs).toBeGreaterThan(0);
    await console.next((f) => f.type === 'reconnect');
    expect(await exited).toBe(0);

    // Back on another process: what was acked is there once; the rest is resent and stored once.
    const acked = new Map(visitor.all<AckFrame>((f) => f.type === 'ack').map((f) => [f.clientMsgId, f.seq]));
    const visitor2 = await b.visitor(token, { conversationId, afterSeq: Math.max(...acked.values()) });
    for (const id of ids)
      if (!acked.has(id)) visitor2.send({ type: 'message.send', clientMsgId: id, text: id });
    for (const id of ids) {
      if (!acked.has(id)) {
        const ack = await visitor2.next<AckFrame>((f) => f.type === 'ack' && f.clientMsgId === id);
        acked.set(id, ack.seq);
      }
    }
    const console2 = await b.agentSocket(await b.login(agent.email, agent.password));
    const stream = await watch(console2, conversationId);
    expect(streamProblems(stream)).toEqual([]);
    const byClientId = new Map(stream.map((m) => [m.clientMsgId, m.seq]));
    for (const [id, seq] of acked) expect(byClientId.get(id)).toBe(seq);
    await visitor2.close();
    await console2.close();
  }, 60_000);

  it('Redis restarted mid-conversation: fan-out recovers by itself, and clients resync', async () => {
    const agent = await newAgent();
    const cookie = await b.login(agent.email, agent.password);
    const console = await b.agentSocket(cookie);
    const { visitor, conversationId } = await queuedChat(a);
    expect((await b.api('POST', `/api/conversations/${conversationId}/claim`, { cookie })).status).toBe(200);
    await watch(console, conversationId);

    await redis.down();
    // Written while Redis is away: stored and acked (the database is fine), fan-out lost.
    console.send({
      type: 'message.send',
      conversationId,
      clientMsgId: cid(),
      text: 'during the outage',
      note: false,
    });
    await console.next((f) => f.type === 'ack', 10_000);
    await redis.up();

    // Each process tells its sockets to resync; the visitor replays and finds the reply once.
    await visitor.next((f) => f.type === 'resync', 15_000);
    const lastSeen = Math.max(
      ...visitor
        .all<MessageFrame | AckFrame>((f) => f.type === 'message' || f.type === 'ack')
        .map((f) => (f.type === 'ack' ? f.seq : f.message.seq)),
    );
    visitor.send({ type: 'replay', conversationId, afterSeq: lastSeen });
    const page = await visitor.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    const live = visitor.all<MessageFrame>(
      (f) => f.type === 'message' && f.message.text === 'during the outage',
    );
    // Live (a publish retried after the reconnect) or replayed, or both: one message, one seq, which
    // the client's seq check shows once.
    const copies = [...page.messages, ...live.map((f) => f.message)].filter(
      (m) => m.text === 'during the outage',
    );
    expect(copies.length).toBeGreaterThan(0);
    expect(new Set(copies.map((m) => m.seq)).size).toBe(1);

    // And live fan-out across the processes works again.
    console.send({
      type: 'message.send',
      conversationId,
      clientMsgId: cid(),
      text: 'after the outage',
      note: false,
    });
    await visitor.next((f) => f.type === 'message' && f.message.text === 'after the outage', 10_000);
    await visitor.close();
    await console.close();
  }, 60_000);

  it('the database cut off: clear errors, nothing acked that was not stored, then it recovers', async () => {
    const visitor = await a.visitor();
    const id = cid('cut');
    await hop.cut();
    visitor.send({ type: 'message.send', clientMsgId: id, text: 'while the database is away' });
    const error = await visitor
      .next<ErrorFrame>((f) => f.type === 'error', 20_000)
      .catch((err: unknown) => {
        throw new Error(`${String(err)}\n${a.output()}`);
      });
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, clientMsgId: id });
    expect(visitor.all((f) => f.type === 'ack')).toHaveLength(0);
    expect((await fetch(`${a.base}/readyz`)).status).toBe(503);

    await hop.restore();
    // The widget retries with the same clientMsgId: stored once.
    visitor.send({ type: 'message.send', clientMsgId: id, text: 'while the database is away' });
    const ack = await visitor.next<AckFrame>((f) => f.type === 'ack', 20_000);
    visitor.send({ type: 'message.send', clientMsgId: id, text: 'while the database is away' });
    const again = await visitor.next<AckFrame>((f) => f.type === 'ack');
    expect(again.seq).toBe(ack.seq);
    expect((await fetch(`${a.base}/readyz`)).status).toBe(200);
    await visitor.close();
  }, 60_000);

  it('background work runs once, and survives a SIGKILL of the process running it', async () => {
    const db = new pg.Client({ connectionString: POSTGRES });
    await db.connect();
    const leaseHolderPid = async () => {
      const r = await db.query<{ holder: string }>(
        `SELECT holder FROM "${schema}"."Lease" WHERE name = 'router'`,
      );
      return Number(r.rows[0]?.holder.split(':')[1] ?? 0);
    };
    try {
      let holder = await leaseHolderPid();
      for (let i = 0; i < 100 && holder !== a.pid && holder !== b.pid; i++) {
        await new Promise((r) => setTimeout(r, 200));
        holder = await leaseHolderPid();
      }
      const [victim, survivor] = holder === a.pid ? [a, b] : [b, a];
      expect(victim.pid).toBe(holder);

      // A chat left waiting, and the process that runs the periodic pass dies.
      const { visitor, conversationId } = await queuedChat(survivor);
      const startedAt = Date.now();
      expect(await victim.kill('SIGKILL')).toBeNull();

      // The survivor takes the lease once it expires and closes the idle chat, once.
      await visitor.next(
        (f) => f.type === 'message' && f.message.event?.code === 'closed',
        AUTO_CLOSE_MS + 30_000,
      );
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(AUTO_CLOSE_MS - 1_000);
      expect(await leaseHolderPid()).toBe(survivor.pid);
      const agent = await newAgentOn(survivor);
      const console = await survivor.agentSocket(await survivor.login(agent.email, agent.password));
      const stream = await watch(console, conversationId);
      expect(stream.filter((m) => m.event?.code === 'closed')).toHaveLength(1);
      expect(streamProblems(stream)).toEqual([]);
      await visitor.close();
      await console.close();
    } finally {
      await db.end();
    }
  }, 90_000);
});
