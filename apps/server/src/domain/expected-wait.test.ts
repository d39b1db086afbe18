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

describe('expected wait in the visitor view', () => {
  it('is the median recent wait of the department times the queue position', async () => {
    const cookie = await t.login();
    // History: one chat that waited two minutes before its claim.
    const first = await t.visitor();
    first.send({ type: 'message.send', clientMsgId: cid(), text: 'waited long' });
    const ack = await first.next<AckFrame>((f) => f.type === 'ack');
    await t.app.db.prisma.conversation.update({
      where: { id: ack.conversationId },
      data: { queuedAt: new Date(Date.now() - 120_000) },
    });
    expect((await t.api('POST', `/api/conversations/${ack.conversationId}/claim`, { cookie })).status).toBe(
      200,
    );

    // Two newcomers: first and second in line.
    const states: VisitorConversationState[] = [];
    for (const text of ['next one', 'after that']) {
      const v = await t.visitor();
      v.send({ type: 'message.send', clientMsgId: cid(), text });
      states.push(await v.next<VisitorConversationState>((f) => f.type === 'conversation.state'));
      await v.close();
    }
    const [one, two] = states.map((s) => s.conversation);
    expect(one?.queuePosition).toBe(1);
    expect(two?.queuePosition).toBe(2);
    expect(one?.expectedWaitMs).toBeGreaterThanOrEqual(119_000);
    expect(one?.expectedWaitMs).toBeLessThan(125_000);
    expect(two?.expectedWaitMs).toBe((one?.expectedWaitMs ?? 0) * 2);
    await first.close();
  });
});
