import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckFrame, ConversationResponse, MessageFrame, ReplayPageFrame } from '@livechat/protocol';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('a first chat over real sockets', () => {
  it('visitor writes, agent claims and answers, visitor sees it', async () => {
    const cookie = await t.login();
    const agent = await t.agentSocket(cookie);
    const visitor = await t.visitor();
    const first = cid();
    visitor.send({ type: 'message.send', clientMsgId: first, text: 'Hello, anyone there?' });
    const ack = await visitor.next<AckFrame>((f) => f.type === 'ack');
    expect(ack).toMatchObject({ clientMsgId: first, seq: 1 });
    const updated = await agent.next((f) => f.type === 'conversation.updated');
    expect(updated).toMatchObject({ conversation: { id: ack.conversationId, status: 'QUEUED' } });

    const claim = await t.api('POST', `/api/conversations/${ack.conversationId}/claim`, { cookie });
    expect(claim.status).toBe(200);
    expect((claim.json as ConversationResponse).conversation.status).toBe('ACTIVE');

    agent.send({ type: 'conversation.watch', conversationId: ack.conversationId, afterSeq: 0 });
    const page = await agent.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2]);

    agent.send({
      type: 'message.send',
      conversationId: ack.conversationId,
      clientMsgId: cid(),
      text: 'Hi! How can I help?',
      note: false,
    });
    const reply = await visitor.next<MessageFrame>(
      (f) => f.type === 'message' && f.message.authorKind === 'AGENT',
    );
    expect(reply.message).toMatchObject({ text: 'Hi! How can I help?', seq: 3, prevSeq: 2 });
    await visitor.close();
    await agent.close();
  });
});
