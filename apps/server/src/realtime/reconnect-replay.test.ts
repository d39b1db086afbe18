import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageFrame, ReplayPageFrame } from '@livechat/protocol';
import {
  agentSays,
  claim,
  roundTrip,
  shownMessages,
  startConversation,
  visitorSays,
} from '../test-support/conversations.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md delivery semantics 3-4: after a reconnect a client asks from its last contiguous seq and
// gets exactly what it missed, in order, once.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('after a dropped connection', () => {
  it('the visitor gets exactly the replies it missed', async () => {
    const cookie = await t.login();
    const agent = await t.agentSocket(cookie);
    const { visitor, conversationId } = await startConversation(t);
    expect((await claim(t, cookie, conversationId)).status).toBe(200); // seq 2: claimed
    await agentSays(agent, conversationId, 'Hi! How can I help?'); // seq 3
    const seen = await visitor.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === 3);
    expect(seen.message.prevSeq).toBe(2);

    visitor.kill();
    expect((await agentSays(agent, conversationId, 'Are you still there?')).seq).toBe(4);
    expect((await agentSays(agent, conversationId, 'Visitor dropped', { note: true })).seq).toBe(5);
    expect((await agentSays(agent, conversationId, 'I will wait.')).seq).toBe(6);

    const back = await t.visitor(visitor.token, { conversationId, afterSeq: 3 });
    const page = await back.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(page).toMatchObject({ conversationId, afterSeq: 3, hasMore: false, reset: false, latestSeq: 6 });
    // The note (5) is not for visitors; the chain skips it.
    expect(page.messages.map((m) => [m.seq, m.prevSeq, m.text])).toEqual([
      [4, 3, 'Are you still there?'],
      [6, 4, 'I will wait.'],
    ]);
    await roundTrip(back);
    expect(shownMessages(back, conversationId).map((m) => m.seq)).toEqual([4, 6]);

    expect((await agentSays(agent, conversationId, 'Welcome back')).seq).toBe(7);
    const live = await back.next<MessageFrame>((f) => f.type === 'message');
    expect(live.message).toMatchObject({ seq: 7, prevSeq: 6 });
    await Promise.all([back.close(), agent.close()]);
  });

  it('an agent re-watching from its last seq gets exactly what it missed', async () => {
    const cookie = await t.login();
    const agent = await t.agentSocket(cookie);
    const { visitor, conversationId } = await startConversation(t);
    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    const first = await agent.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(first.messages.map((m) => m.seq)).toEqual([1]);
    await visitorSays(visitor, 'second'); // seq 2, live
    await agent.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === 2);

    agent.kill();
    expect((await visitorSays(visitor, 'third')).seq).toBe(3);
    expect((await visitorSays(visitor, 'fourth')).seq).toBe(4);

    const back = await t.agentSocket(cookie);
    back.send({ type: 'conversation.watch', conversationId, afterSeq: 2 });
    const page = await back.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(page).toMatchObject({ conversationId, afterSeq: 2, hasMore: false, reset: false, latestSeq: 4 });
    expect(page.messages.map((m) => [m.seq, m.prevSeq, m.text])).toEqual([
      [3, 2, 'third'],
      [4, 3, 'fourth'],
    ]);
    await roundTrip(back);
    expect(shownMessages(back, conversationId).map((m) => m.seq)).toEqual([3, 4]);
    await Promise.all([back.close(), visitor.close()]);
  });
});
