import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AgentServerFrame, type ReplayPageFrame } from '@livechat/protocol';
import {
  ackOf,
  roundTrip,
  shownMessages,
  startConversation,
  type VisitorClient,
} from '../test-support/conversations.js';
import { delaySubscribeConfirmations } from '../test-support/slow-bus.js';
import { cid, startTestServer, WsClient, type TestServer } from '../test-support/test-server.js';

// DESIGN.md delivery semantics 4: the server subscribes, then replays, holding live frames until the
// replay is sent; a message committed in between arrives once, not zero times and not twice.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  delaySubscribeConfirmations(t.app.bus, 30);
});
afterAll(async () => {
  await t.stop();
});

/** When, relative to the reconnecting agent's frames, the visitor's message is sent. */
const moments = ['before hello', 'between hello and watch', 'while the watch subscribes', 'after the replay'] as const;

describe('a message committed while its receiver reconnects', () => {
  it.each(moments)('arrives exactly once when sent %s', async (moment) => {
    const cookie = await t.login();
    const { visitor, conversationId } = await startConversation(t);
    const first = await t.agentSocket(cookie);
    first.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    await first.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    first.kill();

    const agent = await WsClient.open<AgentServerFrame>(`ws://127.0.0.1:${t.port}/ws/agent`, {
      origin: t.origin,
      cookie,
    });
    const clientMsgId = cid();
    const send = (v: VisitorClient) => v.send({ type: 'message.send', clientMsgId, text: moment });
    if (moment === 'before hello') send(visitor);
    agent.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
    if (moment === 'between hello and watch') send(visitor);
    if (moment === 'while the watch subscribes') await agent.next((f) => f.type === 'welcome');
    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 1 });
    if (moment === 'while the watch subscribes') send(visitor);
    await agent.next((f) => f.type === 'replay.page');
    if (moment === 'after the replay') send(visitor);

    const ack = await ackOf(visitor, clientMsgId);
    expect(ack.seq).toBe(2);
    await roundTrip(agent);
    expect(shownMessages(agent, conversationId).map((m) => m.seq)).toEqual([2]);
    await Promise.all([agent.close(), visitor.close()]);
  });

  it('arrives exactly once across many interleavings', async () => {
    const cookie = await t.login();
    const { visitor, conversationId } = await startConversation(t);
    let lastSeq = 1;
    for (let round = 0; round < 8; round++) {
      const agent = await WsClient.open<AgentServerFrame>(`ws://127.0.0.1:${t.port}/ws/agent`, {
        origin: t.origin,
        cookie,
      });
      const ids = [cid(), cid(), cid()];
      agent.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
      visitor.send({ type: 'message.send', clientMsgId: ids[0], text: `round ${round} a` });
      if (round % 2 === 1) await agent.next((f) => f.type === 'welcome');
      agent.send({ type: 'conversation.watch', conversationId, afterSeq: lastSeq });
      visitor.send({ type: 'message.send', clientMsgId: ids[1], text: `round ${round} b` });
      visitor.send({ type: 'message.send', clientMsgId: ids[2], text: `round ${round} c` });
      const acks = await Promise.all(ids.map((id) => ackOf(visitor, id)));
      expect(acks.map((a) => a.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3]);
      await roundTrip(agent);
      const seqs = shownMessages(agent, conversationId).map((m) => m.seq);
      expect(seqs).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3]);
      lastSeq += 3;
      agent.kill();
    }
    await visitor.close();
  });
});
