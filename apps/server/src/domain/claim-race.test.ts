import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageFrame, ReplayPageFrame } from '@livechat/protocol';
import {
  activeChatsOf,
  claim,
  conversationRow,
  eventCodes,
  roundTrip,
  shownMessages,
  startConversation,
} from '../test-support/conversations.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md delivery semantics 6: exactly one agent wins a claim, and nobody exceeds maxChats.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('claiming races', () => {
  it('two agents claiming one queued chat at once: one wins, the other gets already_claimed', async () => {
    const ann = await t.createAgent('Ann Race');
    const bob = await t.createAgent('Bob Race');
    const watcher = await t.agentSocket(await t.login());
    const { visitor, conversationId } = await startConversation(t);
    watcher.send({ type: 'conversation.watch', conversationId, afterSeq: 0 });
    await watcher.next<ReplayPageFrame>((f) => f.type === 'replay.page');

    const results = await Promise.all([
      claim(t, ann.cookie, conversationId),
      claim(t, bob.cookie, conversationId),
    ]);
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status !== 200);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => [r.status, r.error?.code])).toEqual([[409, 'already_claimed']]);

    const winner = results[0]?.status === 200 ? ann.agent : bob.agent;
    const loser = winner === ann.agent ? bob.agent : ann.agent;
    expect(won[0]?.conversation?.assignee?.id).toBe(winner.id);
    expect(await activeChatsOf(t, winner.id)).toBe(1);
    expect(await activeChatsOf(t, loser.id)).toBe(0);
    expect(await conversationRow(t, conversationId)).toMatchObject({
      status: 'ACTIVE',
      assigneeId: winner.id,
    });

    expect(await eventCodes(t, conversationId)).toEqual(['claimed']);
    await watcher.next<MessageFrame>((f) => f.type === 'message' && f.message.event?.code === 'claimed');
    await roundTrip(watcher);
    const claimedEvents = shownMessages(watcher, conversationId).filter((m) => m.event?.code === 'claimed');
    expect(claimedEvents.map((m) => [m.seq, m.event?.params.agentName])).toEqual([[2, winner.name]]);
    await Promise.all([watcher.close(), visitor.close()]);
  });

  it('an agent one below capacity claiming two chats at once gets exactly one', async () => {
    const cara = await t.createAgent('Cara Capacity', { maxChats: 2 });
    const held = await startConversation(t);
    expect((await claim(t, cara.cookie, held.conversationId)).status).toBe(200);
    expect(await activeChatsOf(t, cara.agent.id)).toBe(1);

    const one = await startConversation(t);
    const two = await startConversation(t);
    const results = await Promise.all([
      claim(t, cara.cookie, one.conversationId),
      claim(t, cara.cookie, two.conversationId),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const lostIndex = results.findIndex((r) => r.status === 409);
    expect(results[lostIndex]?.error?.code).toBe('capacity_reached');
    expect(await activeChatsOf(t, cara.agent.id)).toBe(2);

    const lostId = (lostIndex === 0 ? one : two).conversationId;
    expect(await conversationRow(t, lostId)).toMatchObject({
      status: 'QUEUED',
      assigneeId: null,
      claimedAt: null,
      lastSeq: 1,
    });
    expect(await eventCodes(t, lostId)).toEqual([]);
    await Promise.all([held.visitor.close(), one.visitor.close(), two.visitor.close()]);
  });
});
