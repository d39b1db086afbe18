import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  ConversationResponse,
  type MessageFrame,
  type ReplayPageFrame,
  type VisitorConversationState,
} from '@livechat/protocol';
import {
  activeChatsOf,
  claim,
  conversationRow,
  eventCodes,
  startConversation,
  visitorSays,
} from '../test-support/conversations.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md "Conversation lifecycle": claim, close, reopen, transfer, each an event in the stream.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

async function lifecycle(cookie: string, conversationId: string, action: string, body?: unknown) {
  const res = await t.api('POST', `/api/conversations/${conversationId}/${action}`, { cookie, body });
  return res.status === 200
    ? { status: res.status, conversation: ConversationResponse.parse(res.json).conversation, error: null }
    : { status: res.status, conversation: null, error: ApiError.parse(res.json).error };
}

describe('close and reopen', () => {
  it('close frees capacity and is an event; a visitor message soon after reopens it', async () => {
    const dan = await t.createAgent('Dan Close');
    const watcher = await t.agentSocket(dan.cookie);
    const { visitor, conversationId } = await startConversation(t); // 1
    watcher.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    await watcher.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect((await claim(t, dan.cookie, conversationId)).status).toBe(200); // 2
    expect(await activeChatsOf(t, dan.agent.id)).toBe(1);

    const closed = await lifecycle(dan.cookie, conversationId, 'close'); // 3
    expect(closed.conversation).toMatchObject({ status: 'CLOSED', lastSeq: 3 });
    expect(await activeChatsOf(t, dan.agent.id)).toBe(0);
    const closedEvent = await watcher.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === 3);
    expect(closedEvent.message.event).toEqual({ code: 'closed', params: { byAgentName: 'Dan Close' } });
    await visitor.next<VisitorConversationState>(
      (f) => f.type === 'conversation.state' && f.conversation.status === 'CLOSED',
    );
    expect((await lifecycle(dan.cookie, conversationId, 'close')).status).toBe(409);
    expect(await activeChatsOf(t, dan.agent.id)).toBe(0);

    const ack = await visitorSays(visitor, 'One more question'); // 4: reopened, 5: the message
    expect(ack).toMatchObject({ conversationId, seq: 5 });
    expect(await conversationRow(t, conversationId)).toMatchObject({
      status: 'QUEUED',
      assigneeId: null,
      closedAt: null,
    });
    const reopened = await watcher.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === 4);
    expect(reopened.message.event?.code).toBe('reopened');
    const toVisitor = await visitor.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === 4);
    expect(toVisitor.message).toMatchObject({ prevSeq: 3, event: { code: 'reopened' } });
    expect(await eventCodes(t, conversationId)).toEqual(['claimed', 'closed', 'reopened']);
    const { visitorId } = await conversationRow(t, conversationId);
    expect(await t.app.db.prisma.conversation.count({ where: { visitorId } })).toBe(1);
    await Promise.all([watcher.close(), visitor.close()]);
  });
});

describe('claiming a chat that is not queued', () => {
  it('is already_claimed when a colleague has it, invalid_state when it is closed', async () => {
    const kim = await t.createAgent('Kim Late');
    const admin = await t.login();
    const { visitor, conversationId } = await startConversation(t);
    expect((await claim(t, admin, conversationId)).status).toBe(200);
    const taken = await claim(t, kim.cookie, conversationId);
    expect([taken.status, taken.error?.code]).toEqual([409, 'already_claimed']);

    expect((await lifecycle(admin, conversationId, 'close')).status).toBe(200);
    // protocol ErrorCode: already_claimed = "someone else claimed it first"; invalid_state = "the
    // action needs another conversation status". Nobody claimed a closed chat first.
    const closed = await claim(t, kim.cookie, conversationId);
    expect([closed.status, closed.error?.code]).toEqual([409, 'invalid_state']);
    expect(await activeChatsOf(t, kim.agent.id)).toBe(0);
    await visitor.close();
  });
});

describe('transfer', () => {
  it('to a department returns it to the queue with its original wait, freeing capacity', async () => {
    const billing = await t.app.db.prisma.department.create({ data: { name: 'Billing' } });
    const erin = await t.createAgent('Erin Transfer');
    const { visitor, conversationId } = await startConversation(t);
    const claimed = await claim(t, erin.cookie, conversationId);
    const queuedAt = claimed.conversation?.queuedAt ?? 0;
    expect(queuedAt).toBeGreaterThan(0);
    expect(await activeChatsOf(t, erin.agent.id)).toBe(1);
    // Let the clock move, so that a reset queuedAt could not equal the original by accident.
    await new Promise((resolve) => setTimeout(resolve, 20));

    const moved = await lifecycle(erin.cookie, conversationId, 'transfer', {
      departmentId: billing.id,
      note: 'Invoice question',
    });
    expect(moved.status).toBe(200);
    expect(moved.conversation).toMatchObject({
      status: 'QUEUED',
      assignee: null,
      queuedAt,
      department: { id: billing.id, name: 'Billing' },
    });
    expect(await activeChatsOf(t, erin.agent.id)).toBe(0);
    expect(await eventCodes(t, conversationId)).toEqual(['claimed', 'transferred']);
    const note = await t.app.db.prisma.message.findFirstOrThrow({ where: { conversationId, kind: 'NOTE' } });
    expect(note).toMatchObject({ audience: 'AGENTS', body: 'Invoice question' });
    await visitor.close();
  });

  it('to an agent without capacity is refused with 409 and changes nothing', async () => {
    const fay = await t.createAgent('Fay Full', { maxChats: 1 });
    const gus = await t.createAgent('Gus Giver');
    const hal = await t.createAgent('Hal Helper');
    // Transfers go only to agents who are online.
    const online = await Promise.all([t.agentSocket(fay.cookie), t.agentSocket(hal.cookie)]);
    const fayChat = await startConversation(t);
    expect((await claim(t, fay.cookie, fayChat.conversationId)).status).toBe(200);
    const { visitor, conversationId } = await startConversation(t);
    expect((await claim(t, gus.cookie, conversationId)).status).toBe(200);

    const refused = await lifecycle(gus.cookie, conversationId, 'transfer', { agentId: fay.agent.id });
    expect([refused.status, refused.error?.code]).toEqual([409, 'capacity_reached']);
    expect(await conversationRow(t, conversationId)).toMatchObject({
      status: 'ACTIVE',
      assigneeId: gus.agent.id,
      lastSeq: 2,
    });
    expect(await activeChatsOf(t, fay.agent.id)).toBe(1);
    expect(await activeChatsOf(t, gus.agent.id)).toBe(1);

    // The same transfer to a colleague with room goes through: the refusal was about capacity.
    const accepted = await lifecycle(gus.cookie, conversationId, 'transfer', { agentId: hal.agent.id });
    expect(accepted.conversation).toMatchObject({ status: 'ACTIVE', assignee: { id: hal.agent.id } });
    expect(await activeChatsOf(t, hal.agent.id)).toBe(1);
    expect(await activeChatsOf(t, gus.agent.id)).toBe(0);
    expect(await eventCodes(t, conversationId)).toEqual(['claimed', 'transferred']);
    await Promise.all([...online.map((s) => s.close()), visitor.close(), fayChat.visitor.close()]);
  });
});

describe('the visitor', () => {
  it("sees a conversation.state with the agent's name after a claim", async () => {
    const ivy = await t.createAgent('Ivy Claim');
    const { visitor, conversationId } = await startConversation(t);
    expect((await claim(t, ivy.cookie, conversationId)).status).toBe(200);
    const state = await visitor.next<VisitorConversationState>(
      (f) => f.type === 'conversation.state' && f.conversation.status === 'ACTIVE',
    );
    expect(state.conversation).toMatchObject({
      id: conversationId,
      agent: { id: ivy.agent.id, name: 'Ivy Claim' },
      queuePosition: null,
      lastSeq: 2,
    });
    await visitor.close();
  });
});
