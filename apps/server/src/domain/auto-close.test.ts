import type { AckFrame, MessageFrame } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

// AUTO_CLOSE_HOURS as small as a second, so the test can wait it out.
const IDLE_MS = 1_000;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ AUTO_CLOSE_HOURS: String(IDLE_MS / 3_600_000) });
});
afterAll(async () => {
  await t.stop();
});

describe('auto-close', () => {
  it('closes open chats idle past AUTO_CLOSE_HOURS, frees the agent, and leaves recent ones open', async () => {
    const { agent, cookie } = await t.createAgent('Idle Ida', { maxChats: 3 });
    const idle = await t.visitor();
    idle.send({ type: 'message.send', clientMsgId: cid(), text: 'anyone?' });
    const idleAck = await idle.next<AckFrame>((f) => f.type === 'ack');
    const claim = await t.api('POST', `/api/conversations/${idleAck.conversationId}/claim`, { cookie });
    expect(claim.status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, IDLE_MS + 200));
    const recent = await t.visitor();
    recent.send({ type: 'message.send', clientMsgId: cid(), text: 'just arrived' });
    const recentAck = await recent.next<AckFrame>((f) => f.type === 'ack');

    await t.app.router.periodic();

    const closed = await idle.next<MessageFrame>(
      (f) => f.type === 'message' && f.message.event?.code === 'closed',
    );
    expect(closed.message.event?.params).toEqual({ by: 'system' });
    expect(await t.app.store.get(idleAck.conversationId)).toMatchObject({ status: 'CLOSED' });
    expect(await t.app.store.get(recentAck.conversationId)).toMatchObject({ status: 'QUEUED' });
    const me = await t.app.db.prisma.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(me.activeChats).toBe(0);
    await idle.close();
    await recent.close();
  });
});
