import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AgentServerFrame, type ReplayPageFrame } from '@livechat/protocol';
import { topics } from '../bus/bus.js';
import {
  ackOf,
  roundTrip,
  shownMessages,
  startConversation,
  visitorSays,
  type VisitorClient,
} from '../test-support/conversations.js';
import { SubscriptionGate } from '../test-support/subscription-gate.js';
import { cid, startTestServer, WsClient, type TestServer } from '../test-support/test-server.js';

// DESIGN.md delivery semantics 4: the server subscribes, waits for the confirmation, then replays,
// holding live frames until the replay is sent; a message committed in between arrives exactly once.

let t: TestServer;
let gate: SubscriptionGate;
beforeAll(async () => {
  t = await startTestServer();
  gate = new SubscriptionGate(t.app.bus);
});
afterAll(async () => {
  await t.stop();
});

const openAgent = (cookie: string) =>
  WsClient.open<AgentServerFrame>(`ws://127.0.0.1:${t.port}/ws/agent`, { origin: t.origin, cookie });

describe('a message committed while its receiver reconnects', () => {
  it('arrives exactly once whether committed before, during or after the subscription', async () => {
    const cookie = await t.login();
    const { visitor, conversationId } = await startConversation(t); // 1
    const agent = await t.agentSocket(cookie);

    gate.hold((topic) => topic === topics.conversation(conversationId));
    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 1 });
    const subscription = await gate.next();
    gate.release();
    // Committed before the subscription takes effect: only the replay can carry it.
    expect((await visitorSays(visitor, 'before')).seq).toBe(2);
    await subscription.activate();
    // Committed after it takes effect, before it is confirmed: live (held) and in the replay.
    expect((await visitorSays(visitor, 'during')).seq).toBe(3);
    subscription.confirm();
    const page = await agent.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(page.messages.map((m) => m.seq)).toEqual([2, 3]);
    expect((await visitorSays(visitor, 'after')).seq).toBe(4);

    await roundTrip(agent);
    expect(shownMessages(agent, conversationId).map((m) => [m.seq, m.text])).toEqual([
      [2, 'before'],
      [3, 'during'],
      [4, 'after'],
    ]);
    await Promise.all([agent.close(), visitor.close()]);
  });

  const moments = [
    'before hello',
    'between hello and watch',
    'right after watch',
    'after the replay',
  ] as const;

  it.each(moments)('arrives exactly once on a killed-and-reopened socket when sent %s', async (moment) => {
    const cookie = await t.login();
    const { visitor, conversationId } = await startConversation(t);
    const first = await t.agentSocket(cookie);
    first.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    await first.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    first.kill();

    const agent = await openAgent(cookie);
    const clientMsgId = cid();
    const send = (v: VisitorClient) => v.send({ type: 'message.send', clientMsgId, text: moment });
    if (moment === 'before hello') send(visitor);
    agent.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
    if (moment === 'between hello and watch') send(visitor);
    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 1 });
    if (moment === 'right after watch') send(visitor);
    await agent.next((f) => f.type === 'replay.page');
    if (moment === 'after the replay') send(visitor);

    const ack = await ackOf(visitor, clientMsgId);
    expect(ack.seq).toBe(2);
    await roundTrip(agent);
    expect(shownMessages(agent, conversationId).map((m) => m.seq)).toEqual([2]);
    await Promise.all([agent.close(), visitor.close()]);
  });

  it('arrives exactly once across many reconnects with messages in flight', async () => {
    const cookie = await t.login();
    const { visitor, conversationId } = await startConversation(t);
    let lastSeq = 1;
    for (let round = 0; round < 8; round++) {
      const agent = await openAgent(cookie);
      const ids = [cid(), cid(), cid()];
      const say = (i: number) =>
        visitor.send({ type: 'message.send', clientMsgId: ids[i], text: `round ${round}.${i}` });
      agent.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
      say(0);
      agent.send({ type: 'conversation.watch', conversationId, afterSeq: lastSeq });
      say(1);
      say(2);
      const acks = await Promise.all(ids.map((id) => ackOf(visitor, id)));
      expect(acks.map((a) => a.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3]);
      await roundTrip(agent);
      expect(shownMessages(agent, conversationId).map((m) => m.seq)).toEqual([
        lastSeq + 1,
        lastSeq + 2,
        lastSeq + 3,
      ]);
      lastSeq += 3;
      agent.kill();
    }
    await visitor.close();
  });
});
