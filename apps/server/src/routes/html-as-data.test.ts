import { ConversationDetailResponse, type MessageFrame } from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundTrip, startConversation } from '../test-support/conversations.js';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

// Issue 6: HTML in messages, names and attributes is plain data. The server stores and sends it
// as the visitor typed it, only ever inside JSON (never HTML-escaped, never interpolated into a
// page), so it is inert as long as clients render text: the console's inert-content.test.tsx.

const PAYLOAD = '<img src=x onerror=alert(1)><script>alert("x")</script>&amp;';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('HTML a visitor sends', () => {
  it('comes back unchanged, as JSON data, on REST and on the agent socket', async () => {
    const cookie = await t.login();
    const agent = await t.agentSocket(cookie);
    const { visitor, conversationId } = await startConversation(t, `hi ${PAYLOAD}`);
    visitor.send({
      type: 'profile.update',
      name: `Eve ${PAYLOAD}`,
      attributes: { plan: PAYLOAD, '<b>key</b>': 'v' },
    });
    await roundTrip(visitor);

    const res = await fetch(`${t.base}/api/conversations/${conversationId}`, {
      headers: { cookie, origin: t.origin },
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const detail = ConversationDetailResponse.parse(await res.json());
    expect(detail.visitor.name).toBe(`Eve ${PAYLOAD}`);
    expect(detail.visitor.attributes).toEqual({ plan: PAYLOAD, '<b>key</b>': 'v' });
    expect(detail.conversation.lastMessage?.text).toBe(`hi ${PAYLOAD}`);

    agent.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    const page = await agent.next((f) => f.type === 'replay.page');
    expect(JSON.stringify(page)).toContain(JSON.stringify(`hi ${PAYLOAD}`).slice(1, -1));
    visitor.send({ type: 'message.send', clientMsgId: cid(), text: PAYLOAD });
    const live = await agent.next<MessageFrame>((f) => f.type === 'message' && f.message.text === PAYLOAD);
    expect(live.message.text).toBe(PAYLOAD);
    await Promise.all([agent.close(), visitor.close()]);
  });
});
