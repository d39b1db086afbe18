import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayPageFrame } from '@livechat/protocol';
import {
  ackOf,
  roundTrip,
  shownMessages,
  startConversation,
  visitorSays,
} from '../test-support/conversations.js';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md delivery semantics 1: a repeated clientMsgId returns the stored message, never a second one.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('a resent clientMsgId', () => {
  it('stores one message, acked with the same seq on every socket of the visitor', async () => {
    const agent = await t.agentSocket(await t.login());
    const { visitor, conversationId } = await startConversation(t);
    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    await agent.next<ReplayPageFrame>((f) => f.type === 'replay.page' && f.conversationId === conversationId);

    const resent = cid();
    const first = await visitorSays(visitor, 'Are you there?', resent);
    expect(first.seq).toBe(2);
    const again = await visitorSays(visitor, 'Are you there?', resent);
    const otherTab = await t.visitor(visitor.token);
    const fromOtherTab = await visitorSays(otherTab, 'Are you there?', resent);

    for (const ack of [again, fromOtherTab]) {
      expect(ack).toMatchObject({ conversationId, seq: 2, messageId: first.messageId, clientMsgId: resent });
    }
    // The duplicates took no seq: the next message is 3.
    expect((await visitorSays(visitor, 'Hello?')).seq).toBe(3);

    await roundTrip(agent);
    const seen = shownMessages(agent, conversationId).map((m) => m.seq);
    expect(seen).toEqual([1, 2, 3]);
    expect(await t.app.db.prisma.message.count({ where: { conversationId, clientMsgId: resent } })).toBe(1);
    expect(await t.app.db.prisma.message.count({ where: { conversationId } })).toBe(3);
    await Promise.all([visitor.close(), otherTab.close(), agent.close()]);
  });

  it('starts one conversation when two tabs send the same first message at once', async () => {
    const { token } = await t.visitorSession();
    const [tabA, tabB] = await Promise.all([t.visitor(token), t.visitor(token)]);
    const start = cid('start');
    tabA.send({ type: 'message.send', clientMsgId: start, text: 'Hi' });
    tabB.send({ type: 'message.send', clientMsgId: start, text: 'Hi' });
    const [a, b] = await Promise.all([ackOf(tabA, start), ackOf(tabB, start)]);

    expect(a).toMatchObject({ seq: 1 });
    expect(b).toMatchObject({ seq: 1, conversationId: a.conversationId, messageId: a.messageId });
    const visitorId = (await t.visitorSession(token)).visitorId;
    expect(await t.app.db.prisma.conversation.count({ where: { visitorId } })).toBe(1);
    expect(await t.app.db.prisma.message.count({ where: { conversationId: a.conversationId } })).toBe(1);
    await Promise.all([tabA.close(), tabB.close()]);
  });
});
