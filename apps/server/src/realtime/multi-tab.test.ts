import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageFrame, ReplayPageFrame } from '@livechat/protocol';
import { ackOf, roundTrip, shownMessages, visitorSays } from '../test-support/conversations.js';
import { SubscriptionGate } from '../test-support/subscription-gate.js';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md delivery semantics 4: subscribe, then replay. A visitor's tabs share one conversation.

let t: TestServer;
let gate: SubscriptionGate;
beforeAll(async () => {
  t = await startTestServer();
  gate = new SubscriptionGate(t.app.bus);
});
afterAll(async () => {
  await t.stop();
});

describe('two tabs of one visitor', () => {
  it("show each other's messages exactly once, from the first one that starts the conversation", async () => {
    const { token } = await t.visitorSession();
    const tabA = await t.visitor(token);
    const tabB = await t.visitor(token);

    gate.hold((topic) => topic.startsWith('conversation:'));
    const firstId = cid();
    tabA.send({ type: 'message.send', clientMsgId: firstId, text: 'first, from tab A' });
    const ofTabA = await gate.next(); // the starting tab follows its new conversation
    await ofTabA.activate();
    ofTabA.confirm();
    const first = await ackOf(tabA, firstId);
    expect(first.seq).toBe(1);
    const id = first.conversationId;

    // Tab B learns of the conversation and subscribes; messages commit before that takes effect,
    // while it waits for the confirmation, and after its replay.
    const ofTabB = await gate.next();
    gate.release();
    expect(ofTabB.topic).toBe(`conversation:${id}`);
    expect((await visitorSays(tabA, 'second, from tab A')).seq).toBe(2);
    await ofTabB.activate();
    expect((await visitorSays(tabA, 'third, from tab A')).seq).toBe(3);
    ofTabB.confirm();
    await tabB.next<ReplayPageFrame>((f) => f.type === 'replay.page' && f.conversationId === id);
    expect((await visitorSays(tabB, 'fourth, from tab B')).seq).toBe(4);
    await tabA.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === 4);

    await Promise.all([roundTrip(tabA), roundTrip(tabB)]);
    const inB = shownMessages(tabB, id);
    expect(inB.map((m) => [m.seq, m.prevSeq, m.text])).toEqual([
      [1, 0, 'first, from tab A'],
      [2, 1, 'second, from tab A'],
      [3, 2, 'third, from tab A'],
      [4, 3, 'fourth, from tab B'],
    ]);
    // Tab A's own first message came in the replay of the conversation it started, and only there.
    expect(shownMessages(tabA, id).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    await Promise.all([tabA.close(), tabB.close()]);
  });

  it('a tab that opens mid-conversation replays, then follows live, without duplicates', async () => {
    const { token } = await t.visitorSession();
    const tabA = await t.visitor(token);
    const { conversationId: id } = await visitorSays(tabA, 'one');
    await visitorSays(tabA, 'two');
    const tabB = await t.visitor(token, { conversationId: id, afterSeq: 1 });
    const page = await tabB.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(page).toMatchObject({ afterSeq: 1, reset: false, latestSeq: 2 });
    await visitorSays(tabA, 'three');
    await roundTrip(tabB);
    expect(shownMessages(tabB, id).map((m) => m.seq)).toEqual([2, 3]);
    await Promise.all([tabA.close(), tabB.close()]);
  });
});
