import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AckFrame, MessageFrame } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

// Two server instances on one database, fanning out through the real Redis at 127.0.0.1:6379.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  const db = `file:${join(mkdtempSync(join(tmpdir(), 'livechat-redis-')), 'shared.db')}`;
  a = await startTestServer({ REDIS_URL, DATABASE_URL: db });
  b = await startTestServer({ REDIS_URL, DATABASE_URL: db });
});
afterAll(async () => {
  await a.stop();
  await b.stop();
});

describe('Redis Bus across two servers', () => {
  it('a visitor on one server and an agent on the other chat normally', async () => {
    const agent = await b.agentSocket(await b.login());
    const visitor = await a.visitor();
    const first = cid();
    visitor.send({ type: 'message.send', clientMsgId: first, text: 'hello across processes' });
    const ack = await visitor.next<AckFrame>((f) => f.type === 'ack');
    await agent.next((f) => f.type === 'conversation.updated' && f.conversation.id === ack.conversationId);

    const claim = await b.api('POST', `/api/conversations/${ack.conversationId}/claim`, {
      cookie: await b.login(),
    });
    expect(claim.status).toBe(200);
    agent.send({ type: 'conversation.watch', conversationId: ack.conversationId, afterSeq: 0 });
    await agent.next((f) => f.type === 'replay.page');
    agent.send({
      type: 'message.send',
      conversationId: ack.conversationId,
      clientMsgId: cid(),
      text: 'answer from B',
      note: false,
    });
    const reply = await visitor.next<MessageFrame>(
      (f) => f.type === 'message' && f.message.text === 'answer from B',
    );
    expect(reply.message.prevSeq).toBe(reply.message.seq - 1);
    // The reply crossed Redis to reach A: A measured how long that took.
    const metrics = await (await fetch(`${a.base}/metrics`)).text();
    expect(Number(/livechat_bus_lag_seconds_count (\d+)/.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
    await visitor.close();
    await agent.close();
  });

  it('tells every socket to resync when its Redis subscription was lost', async () => {
    const visitor = await a.visitor();
    // Drop every pub/sub connection, as a Redis restart does; ioredis reconnects by itself.
    execFileSync('redis-cli', ['-u', REDIS_URL, 'CLIENT', 'KILL', 'TYPE', 'pubsub']);
    const resync = await visitor.next((f) => f.type === 'resync', 10_000);
    expect(resync).toMatchObject({ type: 'resync' });
    // Fan-out works again afterwards.
    const agent = await b.agentSocket(await b.login());
    visitor.send({ type: 'message.send', clientMsgId: cid(), text: 'after the restart' });
    await agent.next(
      (f) => f.type === 'conversation.updated' && f.conversation.lastMessage?.text === 'after the restart',
      10_000,
    );
    await visitor.close();
    await agent.close();
  });
});
