import { ApiError, ConversationResponse } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCodes, startConversation, visitorSays } from '../test-support/conversations.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ REOPEN_HOURS: '0' });
});
afterAll(async () => {
  await t.stop();
});

describe('POST /api/conversations/:id/reopen', () => {
  it('puts a closed conversation back in the queue, unless the visitor has another open one', async () => {
    const { visitor, conversationId } = await startConversation(t);
    const admin = await t.login();
    const reopen = (id: string, cookie = admin) =>
      t.api('POST', `/api/conversations/${id}/reopen`, { cookie });

    const notClosed = await reopen(conversationId);
    expect(notClosed.status).toBe(409);
    expect(ApiError.parse(notClosed.json).error.code).toBe('invalid_state');

    await t.api('POST', `/api/conversations/${conversationId}/close`, { cookie: admin });
    const state = visitor.next((f) => f.type === 'conversation.state' && f.conversation.status === 'QUEUED');
    const res = await reopen(conversationId);
    expect(res.status).toBe(200);
    const { conversation } = ConversationResponse.parse(res.json);
    expect(conversation).toMatchObject({ status: 'QUEUED', assignee: null, closedAt: null });
    await state;
    expect(await eventCodes(t, conversationId)).toEqual(['closed', 'reopened']);

    // Closed again; the visitor starts a new conversation (REOPEN_HOURS 0): the old one stays closed.
    await t.api('POST', `/api/conversations/${conversationId}/close`, { cookie: admin });
    const ack = await visitorSays(visitor, 'A new question');
    expect(ack.conversationId).not.toBe(conversationId);
    const refused = await reopen(conversationId);
    expect(refused.status).toBe(409);

    const outsider = await t.app.db.prisma.department.create({ data: { name: 'Elsewhere' } });
    const stranger = await t.createAgent('Sam Stranger', { departmentId: outsider.id });
    expect((await reopen(ack.conversationId, stranger.cookie)).status).toBe(403);
    await visitor.close();
  });
});
