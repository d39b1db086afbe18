import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  type AckFrame,
  type ErrorFrame,
  type HistoryPageFrame,
  type MessageFrame,
  type ReplayPageFrame,
  type VisitorServerFrame,
} from '@livechat/protocol';
import {
  agentSays,
  claim,
  conversationRow,
  roundTrip,
  shownMessages,
  startConversation,
  visitorSays,
} from '../test-support/conversations.js';
import { cid, startTestServer, WsClient, type TestServer } from '../test-support/test-server.js';

// A visitor's socket knows only that visitor's conversations, and never an agents-only message.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe("another visitor's conversation", () => {
  it('cannot be replayed, paged, marked read or written to', async () => {
    const alice = await startConversation(t, 'alice here');
    const mallory = await startConversation(t, 'mallory here');
    const target = alice.conversationId;

    for (const frame of [
      { type: 'replay', conversationId: target, afterSeq: 0 },
      { type: 'history', conversationId: target, beforeSeq: 10 },
      { type: 'read', conversationId: target, seq: 1 },
    ]) {
      mallory.visitor.send(frame);
      const error = await mallory.visitor.next<ErrorFrame>((f) => f.type === 'error');
      expect([frame.type, error.code]).toEqual([frame.type, 'forbidden']);
    }
    // A conversationId smuggled into message.send is ignored: it lands in mallory's own conversation.
    const clientMsgId = cid();
    mallory.visitor.send({ type: 'message.send', clientMsgId, text: 'let me in', conversationId: target });
    const ack = await mallory.visitor.next<AckFrame | ErrorFrame>(
      (f) => (f.type === 'ack' || f.type === 'error') && f.clientMsgId === clientMsgId,
    );
    expect(ack).toMatchObject({ type: 'ack', conversationId: mallory.conversationId, seq: 2 });

    await roundTrip(mallory.visitor);
    expect(shownMessages(mallory.visitor, target)).toEqual([]);
    expect(mallory.visitor.all((f) => f.type === 'history.page')).toEqual([]);
    expect(await conversationRow(t, target)).toMatchObject({ lastSeq: 1, visitorReadSeq: 0 });
    expect(await t.app.db.prisma.message.count({ where: { conversationId: target } })).toBe(1);
    await Promise.all([alice.visitor.close(), mallory.visitor.close()]);
  });
});

describe('a visitor socket without a valid session', () => {
  it('is refused from another Origin, and learns nothing before a valid hello', async () => {
    const url = `ws://127.0.0.1:${t.port}/ws/visitor`;
    await expect(
      WsClient.open<VisitorServerFrame>(url, { origin: 'https://evil.example.com' }),
    ).rejects.toThrow('upgrade refused: 403');

    const { visitor, conversationId } = await startConversation(t);
    const socket = await WsClient.open<VisitorServerFrame>(url, { origin: t.origin });
    socket.send({ type: 'replay', conversationId, afterSeq: 0 });
    const early = await socket.next<ErrorFrame>((f) => f.type === 'error');
    expect(early.code).toBe('unauthorized');
    socket.send({ type: 'hello', protocolVersion: PROTOCOL_VERSION, token: 'not-a-real-token-at-all' });
    const refused = await socket.next<ErrorFrame>((f) => f.type === 'error');
    expect(refused.code).toBe('unauthorized');
    await expect(socket.next(() => false)).rejects.toThrow(/socket closed \(4401/);
    expect(socket.all((f) => f.type === 'replay.page' || f.type === 'welcome')).toEqual([]);
    await visitor.close();
  });
});

describe('internal notes', () => {
  it('never reach the visitor, live, in replay or in history, and the visible chain skips them', async () => {
    const cookie = await t.login();
    const agent = await t.agentSocket(cookie);
    const { visitor, conversationId } = await startConversation(t); // 1
    expect((await claim(t, cookie, conversationId)).status).toBe(200); // 2: claimed
    expect((await agentSays(agent, conversationId, 'note one', { note: true })).seq).toBe(3);
    expect((await agentSays(agent, conversationId, 'note two', { note: true })).seq).toBe(4);
    expect((await agentSays(agent, conversationId, 'Hello from support')).seq).toBe(5);
    expect((await visitorSays(visitor, 'thanks')).seq).toBe(6);
    expect((await agentSays(agent, conversationId, 'note three', { note: true })).seq).toBe(7);
    expect((await agentSays(agent, conversationId, 'Anything else?')).seq).toBe(8);

    await visitor.next<MessageFrame>((f) => f.type === 'message' && f.message.seq === 8);
    await roundTrip(visitor);
    const live = shownMessages(visitor, conversationId);
    expect(live.some((m) => m.audience !== 'ALL' || m.kind === 'NOTE')).toBe(false);
    // The starting tab may see its first message twice (the replay after the start, then live);
    // clients drop duplicates by seq, so the chain is checked as a client keeps it.
    const kept = [...new Map(live.map((m) => [m.seq, m])).values()];
    expect(kept.map((m) => [m.seq, m.prevSeq])).toEqual([
      [1, 0],
      [2, 1],
      [5, 2],
      [6, 5],
      [8, 6],
    ]);

    const fresh = await t.visitor(visitor.token);
    const page = await fresh.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(page).toMatchObject({ reset: true, latestSeq: 8 });
    expect(page.messages.map((m) => [m.seq, m.prevSeq])).toEqual([
      [1, 0],
      [2, 1],
      [5, 2],
      [6, 5],
      [8, 6],
    ]);
    fresh.send({ type: 'replay', conversationId, afterSeq: 2 });
    const replay = await fresh.next<ReplayPageFrame>((f) => f.type === 'replay.page');
    expect(replay.messages.map((m) => m.seq)).toEqual([5, 6, 8]);
    fresh.send({ type: 'history', conversationId, beforeSeq: 8 });
    const history = await fresh.next<HistoryPageFrame>((f) => f.type === 'history.page');
    expect(history.messages.map((m) => m.seq)).toEqual([1, 2, 5, 6]);
    await Promise.all([visitor.close(), fresh.close(), agent.close()]);
  });
});
