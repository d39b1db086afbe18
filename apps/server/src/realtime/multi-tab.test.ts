import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageFrame, ReplayPageFrame } from '@livechat/protocol';
import { roundTrip, shownMessages, visitorSays } from '../test-support/conversations.js';
import { delaySubscribeConfirmations } from '../test-support/slow-bus.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md delivery semantics 4: subscribe, then replay. A visitor's tabs share one conversation.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  delaySubscribeConfirmations(t.app.bus, 30);
});
afterAll(async () => {
  await t.stop();
});

describe('two tabs of one visitor', () => {
  it("show each other's messages exactly once, from the first one that starts the conversation", async () => {
    const { token } = await t.visitorSession();
    const tabA = await t.visitor(token);
    const tabB = await t.visitor(token);

    const first = await visitorSays(tabA, 'first, from tab A');
    expect(first.seq).toBe(1);
    const id = first.conversationId;
    // Sent while tab B is still subscribing to the conversation it has just learnt of.
    expect((await visitorSays(tabA, 'second, from tab A')).seq).toBe(2);
    await tabB.next<ReplayPageFrame>((f) => f.type === 'replay.page' && f.conversationId === id);
    expect((await visitorSays(tabB, 'third, from tab B')).seq).toBe(3);
    await tabA.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === 3);

    await Promise.all([roundTrip(tabA), roundTrip(tabB)]);
    const inB = shownMessages(tabB, id);
    expect(inB.map((m) => [m.seq, m.prevSeq, m.text])).toEqual([
      [1, 0, 'first, from tab A'],
      [2, 1, 'second, from tab A'],
      [3, 2, 'third, from tab B'],
    ]);
    const inA = shownMessages(tabA, id).filter((m) => m.seq > 1);
    expect(inA.map((m) => m.seq)).toEqual([2, 3]);
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
