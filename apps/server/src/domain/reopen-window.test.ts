import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayPageFrame, VisitorConversationState } from '@livechat/protocol';
import {
  claim,
  conversationRow,
  eventCodes,
  roundTrip,
  shownMessages,
  startConversation,
  visitorSays,
} from '../test-support/conversations.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md "Conversation lifecycle": after the reopen window a visitor message starts a new one.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ REOPEN_HOURS: '0' });
});
afterAll(async () => {
  await t.stop();
});

describe('with REOPEN_HOURS=0', () => {
  it('a visitor message after a close starts a new conversation, and every tab follows it', async () => {
    const cookie = await t.login();
    const { visitor, conversationId: old } = await startConversation(t);
    const otherTab = await t.visitor(visitor.token);
    expect((await claim(t, cookie, old)).status).toBe(200);
    const closed = await t.api('POST', `/api/conversations/${old}/close`, { cookie });
    expect(closed.status).toBe(200);

    const ack = await visitorSays(visitor, 'Back again');
    expect(ack.conversationId).not.toBe(old);
    expect(ack.seq).toBe(1);
    expect(await conversationRow(t, old)).toMatchObject({ status: 'CLOSED', lastSeq: 3 });
    expect(await eventCodes(t, old)).toEqual(['claimed', 'closed']);
    const fresh = await conversationRow(t, ack.conversationId);
    expect(fresh).toMatchObject({ status: 'QUEUED', lastSeq: 1, assigneeId: null });
    const { visitorId } = await conversationRow(t, old);
    expect(fresh.visitorId).toBe(visitorId);

    const state = await otherTab.next<VisitorConversationState>(
      (f) => f.type === 'conversation.state' && f.conversation.id === ack.conversationId,
    );
    expect(state.conversation).toMatchObject({ status: 'QUEUED', lastSeq: 1, queuePosition: 1 });
    await otherTab.next<ReplayPageFrame>(
      (f) => f.type === 'replay.page' && f.conversationId === ack.conversationId,
    );
    await roundTrip(otherTab);
    expect(shownMessages(otherTab, ack.conversationId).map((m) => [m.seq, m.text])).toEqual([
      [1, 'Back again'],
    ]);
    await Promise.all([visitor.close(), otherTab.close()]);
  });
});
