import { ApiError, ConversationListResponse, OfflineMessageResponse } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationRow, eventCodes } from '../test-support/conversations.js';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

// The leave-a-message form when nobody is online: agents find it in the queue with the email.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('POST /api/widget/offline', () => {
  it('queues the message with the email to answer, once per clientMsgId', async () => {
    const { token } = await t.visitorSession();
    const body = {
      siteKey: t.site.key,
      token,
      name: 'Olga',
      email: 'olga@example.com',
      text: 'Please call me back about my order',
      clientMsgId: cid('offline'),
    };
    const first = await t.api('POST', '/api/widget/offline', { body });
    expect(first.status).toBe(200);
    const { conversationId } = OfflineMessageResponse.parse(first.json);
    const again = await t.api('POST', '/api/widget/offline', { body });
    expect(OfflineMessageResponse.parse(again.json).conversationId).toBe(conversationId);

    const row = await conversationRow(t, conversationId);
    expect(row.status).toBe('QUEUED');
    expect(await eventCodes(t, conversationId)).toEqual(['offline_form']);
    const messages = await t.app.db.prisma.message.findMany({
      where: { conversationId },
      orderBy: { seq: 'asc' },
    });
    expect(messages.map((m) => [m.kind, m.audience, m.body])).toEqual([
      ['EVENT', 'AGENTS', ''],
      ['TEXT', 'ALL', 'Please call me back about my order'],
    ]);
    expect(JSON.parse(messages[0]?.eventParams ?? '{}')).toEqual({ email: 'olga@example.com', name: 'Olga' });

    const admin = await t.login();
    const queue = ConversationListResponse.parse(
      (await t.api('GET', '/api/conversations?view=queue', { cookie: admin })).json,
    );
    const listed = queue.items.find((c) => c.id === conversationId);
    expect(listed?.visitor).toMatchObject({ name: 'Olga', email: 'olga@example.com' });
    expect(listed?.lastMessage?.text).toBe('Please call me back about my order');

    // A second form goes to the same open conversation.
    const more = await t.api('POST', '/api/widget/offline', {
      body: { ...body, clientMsgId: cid('offline') },
    });
    expect(OfflineMessageResponse.parse(more.json).conversationId).toBe(conversationId);
  });

  it('needs a valid visitor token and an allowed origin', async () => {
    const body = {
      siteKey: t.site.key,
      token: 'x'.repeat(43),
      email: 'a@example.com',
      text: 'hi',
      clientMsgId: cid(),
    };
    const unknown = await t.api('POST', '/api/widget/offline', { body });
    expect(unknown.status).toBe(401);
    const { token } = await t.visitorSession();
    const elsewhere = await t.api('POST', '/api/widget/offline', {
      body: { ...body, token },
      origin: 'https://evil.example.com',
    });
    expect(elsewhere.status).toBe(403);
    expect(ApiError.parse(elsewhere.json).error.code).toBe('forbidden');
    const badEmail = await t.api('POST', '/api/widget/offline', { body: { ...body, token, email: 'nope' } });
    expect(badEmail.status).toBe(400);
  });
});
