import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentListResponse, type PresenceFrame } from '@livechat/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../test-support/database-url.js';
import { ADMIN, startTestServer, type TestServer } from '../test-support/test-server.js';
import {
  claim,
  conversationRow,
  roundTrip,
  startConversation,
  visitorSays,
} from '../test-support/conversations.js';
import { presenceKeys, VERSION_FIELD } from './redis-presence.js';

// Two server instances ("processes") on one database and the real Redis at 127.0.0.1:6379, with a
// key prefix of their own so that other test files on the same Redis do not share their presence.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function startPair(extraEnv: Record<string, string> = {}) {
  const env = {
    REDIS_URL,
    REDIS_KEY_PREFIX: `test-${randomBytes(6).toString('hex')}:`,
    DATABASE_URL: freshDatabaseUrl(),
    ...extraEnv,
  };
  const a = await startTestServer(env);
  const b = await startTestServer(env);
  return { a, b, prefix: env.REDIS_KEY_PREFIX };
}

/** The agent's status as server `t` lists it to a console (GET /api/agents). */
async function listedStatus(t: TestServer, cookie: string, agentId: string) {
  const res = await t.api('GET', '/api/agents', { cookie });
  return AgentListResponse.parse(res.json).items.find((a) => a.id === agentId)?.status;
}

/** Resolves once the socket was closed by the server, with its close code. */
async function closedBy(socket: { closed: { code: number } | null }, timeout = 3_000) {
  await expect.poll(() => socket.closed, { timeout }).not.toBeNull();
  return socket.closed?.code;
}

describe('presence across two servers', () => {
  let a: TestServer;
  let b: TestServer;
  let prefix: string;
  let adminOnA: string;

  beforeAll(async () => {
    ({ a, b, prefix } = await startPair({ AGENT_GRACE_SECONDS: '1' }));
    adminOnA = await a.login();
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('shows an agent connected to B as online on A, with each change of status, until they leave', async () => {
    const { agent, cookie } = await b.createAgent('Bea Remote');
    expect(await listedStatus(a, adminOnA, agent.id)).toBe('offline');
    const changedOnA: string[] = [];
    const kick = a.app.presence.onChange;
    a.app.presence.onChange = (id) => {
      changedOnA.push(id);
      kick(id);
    };
    try {
      const socket = await b.agentSocket(cookie);
      await expect.poll(() => listedStatus(a, adminOnA, agent.id)).toBe('online');
      expect(a.app.presence.onlineAgentIds()).toContain(agent.id);
      expect(a.app.presence.offlineForMs(agent.id)).toBe(0);

      socket.send({ type: 'presence.set', status: 'away' });
      await expect.poll(() => listedStatus(a, adminOnA, agent.id)).toBe('away');
      expect(a.app.presence.onlineAgentIds()).not.toContain(agent.id);

      await socket.close();
      await expect.poll(() => listedStatus(a, adminOnA, agent.id)).toBe('offline');
      // Counted from when they left B, not from A's start.
      expect(a.app.presence.offlineForMs(agent.id)).toBeLessThan(2_000);
      // Routing on A was kicked for each change made on B: came, went away, left.
      expect(changedOnA.filter((id) => id === agent.id)).toHaveLength(3);
    } finally {
      a.app.presence.onChange = kick;
    }
  });

  it('keeps an agent connected while any of their sockets is open, on either server, with the status set last', async () => {
    const { agent, cookie } = await b.createAgent('Two Tabs');
    const onB = await b.agentSocket(cookie);
    const onA = await a.agentSocket(cookie);
    // The status set last wins wherever it was set, as between two tabs on one server.
    onB.send({ type: 'presence.set', status: 'away' });
    await expect.poll(() => a.app.presence.statusOf(agent.id)).toBe('away');
    onA.send({ type: 'presence.set', status: 'online' });
    await expect.poll(() => b.app.presence.statusOf(agent.id)).toBe('online');
    await onB.close();
    // B's view has A's socket, A's view is its own: both still list them online.
    await expect.poll(() => b.app.presence.statusOf(agent.id)).toBe('online');
    await sleep(300);
    expect(a.app.presence.statusOf(agent.id)).toBe('online');
    expect(b.app.presence.statusOf(agent.id)).toBe('online');
    await onA.close();
    await expect.poll(() => b.app.presence.statusOf(agent.id)).toBe('offline');
  });

  it("does not requeue the chat of an agent connected only to B when A's router runs past the grace time", async () => {
    const { agent, cookie } = await b.createAgent('Kim Keeper');
    const socket = await b.agentSocket(cookie);
    const { visitor, conversationId } = await startConversation(a);
    expect((await claim(b, cookie, conversationId)).status).toBe(200);
    await expect.poll(() => a.app.presence.statusOf(agent.id)).toBe('online');

    await sleep(1_500); // AGENT_GRACE_SECONDS is 1
    await a.app.router.pass();
    expect(await conversationRow(a, conversationId)).toMatchObject({
      status: 'ACTIVE',
      assigneeId: agent.id,
    });

    // The same pass does requeue it once the agent is gone from B too (so the check above can fail).
    await socket.close();
    await expect.poll(() => a.app.presence.statusOf(agent.id)).toBe('offline');
    await sleep(1_200);
    await a.app.router.pass();
    expect(await conversationRow(a, conversationId)).toMatchObject({ status: 'QUEUED', assigneeId: null });
    await visitor.close();
  });

  it('carries typing and read receipts between a visitor on A and an agent on B', async () => {
    const { cookie } = await b.createAgent('Tia Typer');
    const agent = await b.agentSocket(cookie);
    const { visitor, conversationId, ack } = await startConversation(a, 'Is anyone reading?');
    expect((await claim(b, cookie, conversationId)).status).toBe(200);
    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    await agent.next((f) => f.type === 'replay.page' && f.conversationId === conversationId);

    agent.send({ type: 'typing', conversationId, isTyping: true });
    await visitor.next((f) => f.type === 'typing' && f.isTyping && f.name === 'Tia Typer');
    visitor.send({ type: 'typing', isTyping: true, preview: 'One more th' });
    await agent.next((f) => f.type === 'typing' && f.from === 'visitor' && f.preview === 'One more th');

    agent.send({ type: 'read', conversationId, seq: ack.seq });
    await visitor.next((f) => f.type === 'read' && f.seq === ack.seq);
    const second = await visitorSays(visitor, 'Still there?');
    visitor.send({ type: 'read', conversationId, seq: second.seq });
    await agent.next((f) => f.type === 'read' && f.reader === 'visitor' && f.seq === second.seq);
    await visitor.close();
    await agent.close();
  });

  it("closes a signed-out session's socket on B when the agent signs out on A, and all of them on deactivation", async () => {
    const { agent, cookie } = await b.createAgent('Dee Parting');
    const secondSession = await b.login(agent.email, 'agent-password-1');
    const first = await b.agentSocket(cookie);
    const second = await b.agentSocket(secondSession);

    expect((await a.api('POST', '/api/auth/logout', { cookie })).status).toBe(200);
    // Well before the heartbeat's own re-check (25 s) would notice.
    expect(await closedBy(first)).toBe(4401);
    await roundTrip(second);

    const res = await a.api('POST', `/api/admin/agents/${agent.id}/deactivate`, { cookie: adminOnA });
    expect(res.status).toBe(200);
    expect(await closedBy(second)).toBe(4401);
    await expect.poll(() => listedStatus(a, adminOnA, agent.id)).toBe('offline');
  });

  it("drops the agents of a process that died without a word, and tells A's consoles", async () => {
    const { agent } = await b.createAgent('Zed Crashed');
    const console = await a.agentSocket(adminOnA);
    // A process that shared one agent and then was SIGKILLed: its key outlives it only by its TTL.
    const redis = new Redis(REDIS_URL);
    const keys = presenceKeys(prefix);
    const dead = `crashed-${randomBytes(4).toString('hex')}`;
    try {
      const at = Date.now();
      await redis
        .multi()
        .hset(keys.process(dead), VERSION_FIELD, 1, agent.id, `online:${at}`)
        .pexpire(keys.process(dead), 1_500)
        .sadd(keys.processes, dead)
        .publish(
          keys.channel,
          JSON.stringify({
            process: dead,
            version: 1,
            agentId: agent.id,
            presence: { status: 'online', at },
          }),
        )
        .exec();
      await expect.poll(() => a.app.presence.statusOf(agent.id)).toBe('online');
      // Gone on the first heartbeat's read (every 5 s) after the key expired.
      await expect.poll(() => a.app.presence.statusOf(agent.id), { timeout: 7_000 }).toBe('offline');
      await console.next<PresenceFrame>(
        (f) => f.type === 'presence' && f.agentId === agent.id && f.status === 'offline',
      );
      expect(await redis.sismember(keys.processes, dead)).toBe(0);
    } finally {
      await redis.srem(keys.processes, dead); // when the test failed before the servers removed it
      redis.disconnect();
      await console.close();
    }
  }, 20_000);
});

describe('login rate limit across two servers', () => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    ({ a, b } = await startPair({ LOGIN_RATE_PER_MIN: '3' }));
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('counts the attempts made on both servers together', async () => {
    const attempt = (t: TestServer) =>
      t.api('POST', '/api/auth/login', { body: { email: ADMIN.email, password: 'wrong-password' } });
    expect((await attempt(a)).status).toBe(401);
    expect((await attempt(b)).status).toBe(401);
    expect((await attempt(a)).status).toBe(401);
    // B has seen one attempt itself; counted per process it would answer 401 again.
    expect((await attempt(b)).status).toBe(429);
    expect((await attempt(a)).status).toBe(429);
  });
});
