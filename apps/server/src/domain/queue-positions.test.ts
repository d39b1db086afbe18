import type { AckFrame, VisitorConversationState } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('places in line', () => {
  it('move up for the visitors still waiting when the first one is claimed', async () => {
    const visitors = [];
    for (const text of ['first', 'second', 'third']) {
      const v = await t.visitor();
      v.send({ type: 'message.send', clientMsgId: cid(), text });
      visitors.push({ socket: v, ack: await v.next<AckFrame>((f) => f.type === 'ack') });
    }
    const [first, second, third] = visitors;
    if (!first || !second || !third) throw new Error('three visitors');
    const claim = await t.api('POST', `/api/conversations/${first.ack.conversationId}/claim`, {
      cookie: await t.login(),
    });
    expect(claim.status).toBe(200);
    // Each waiting visitor hears of the new order: second (was 2) moves to 1, third (was 3) to 2.
    const moved = (v: typeof second, place: number) =>
      v.socket.next<VisitorConversationState>(
        (f) => f.type === 'conversation.state' && f.conversation.queuePosition === place,
      );
    expect((await moved(second, 1)).conversation.id).toBe(second.ack.conversationId);
    expect((await moved(third, 2)).conversation.id).toBe(third.ack.conversationId);
    for (const v of visitors) await v.socket.close();
  });
});
