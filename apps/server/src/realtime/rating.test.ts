import type {
  ConversationUpdated,
  ErrorFrame,
  MessageFrame,
  VisitorConversationState,
} from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationRow, roundTrip, startConversation } from '../test-support/conversations.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// CSAT (USERS.md 10): the visitor rates their own closed conversation; agents see it in the stream.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('rating.submit', () => {
  it("rates only the visitor's own closed conversation; every tab and agent hears of it", async () => {
    const { visitor, conversationId } = await startConversation(t);
    const secondTab = await t.visitor(visitor.token);
    const stranger = await t.visitor();
    const admin = await t.login();
    const agent = await t.agentSocket(admin);
    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    await agent.next((f) => f.type === 'replay.page');

    visitor.send({ type: 'rating.submit', conversationId, rating: 5 });
    expect(await visitor.next<ErrorFrame>((f) => f.type === 'error')).toMatchObject({
      code: 'invalid_state',
    });

    expect(
      (await t.api('POST', `/api/conversations/${conversationId}/close`, { cookie: admin })).status,
    ).toBe(200);
    stranger.send({ type: 'rating.submit', conversationId, rating: 1 });
    expect(await stranger.next<ErrorFrame>((f) => f.type === 'error')).toMatchObject({ code: 'forbidden' });

    visitor.send({ type: 'rating.submit', conversationId, rating: 4, comment: 'Quick and kind' });
    for (const tab of [visitor, secondTab]) {
      const state = await tab.next<VisitorConversationState>(
        (f) => f.type === 'conversation.state' && f.conversation.rating !== null,
      );
      expect(state.conversation).toMatchObject({ id: conversationId, status: 'CLOSED', rating: 4 });
    }
    const rated = await agent.next<MessageFrame>(
      (f) => f.type === 'message' && f.message.event?.code === 'rated',
    );
    expect(rated.message).toMatchObject({
      audience: 'AGENTS',
      event: { params: { rating: '4', comment: 'Quick and kind' } },
    });
    const updated = await agent.next<ConversationUpdated>((f) => f.type === 'conversation.updated');
    expect(updated.conversation.rating).toBe(4);

    // Visitors never see the AGENTS event.
    await roundTrip(visitor);
    expect(visitor.all((f) => f.type === 'message' && f.message.event?.code === 'rated')).toEqual([]);
    const row = await conversationRow(t, conversationId);
    expect(row).toMatchObject({ rating: 4, ratingComment: 'Quick and kind' });
    expect(row.ratedAt).not.toBeNull();
    for (const c of [visitor, secondTab, stranger, agent]) await c.close();
  });
});
