import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, type ErrorFrame, type PongFrame } from '@livechat/protocol';
import { ackOf, roundTrip, visitorSays, type VisitorClient } from '../test-support/conversations.js';
import { cid, startTestServer, type TestServer } from '../test-support/test-server.js';

// DESIGN.md delivery semantics 7: a bad frame gets an error frame; the socket and the process stay up.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

/** The socket still answers pings and still stores messages. */
async function stillWorks(visitor: VisitorClient): Promise<void> {
  await roundTrip(visitor);
  const ack = await visitorSays(visitor, 'still here');
  expect(ack.seq).toBeGreaterThan(0);
  expect(visitor.closed).toBeNull();
}

async function errorAfter(visitor: VisitorClient, send: () => void): Promise<ErrorFrame> {
  send();
  return visitor.next<ErrorFrame>((f) => f.type === 'error');
}

describe('malformed frames', () => {
  it.each([
    ['not JSON', '{"type": "ping"', /JSON/],
    ['an unknown type', JSON.stringify({ type: 'message.delete', id: 'x' }), /^type: /],
    ['a message without clientMsgId', JSON.stringify({ type: 'message.send', text: 'hi' }), /^clientMsgId: /],
    [
      'an empty message',
      JSON.stringify({ type: 'message.send', clientMsgId: cid(), text: '   ' }),
      /^text: /,
    ],
  ])('%s gets bad_request naming the problem, and the socket works on', async (_name, raw, message) => {
    const visitor = await t.visitor();
    const error = await errorAfter(visitor, () => visitor.send(raw));
    expect(error).toMatchObject({ code: 'bad_request', retryable: false });
    expect(error.message).toMatch(message);
    await stillWorks(visitor);
    await visitor.close();
  });

  it('a message over the text limit gets bad_request naming text and the failed clientMsgId', async () => {
    const visitor = await t.visitor();
    const clientMsgId = cid();
    const text = 'x'.repeat(LIMITS.messageText + 1);
    const error = await errorAfter(visitor, () => visitor.send({ type: 'message.send', clientMsgId, text }));
    expect(error).toMatchObject({ code: 'bad_request', retryable: false });
    expect(error.message).toMatch(/^text: /);
    // The protocol: message.send is answered with an ack or an error *with this clientMsgId*, so the
    // client can mark that pending message failed instead of retrying it forever.
    expect(error.clientMsgId).toBe(clientMsgId);
    await stillWorks(visitor);
    await visitor.close();
  });

  it('a frame over LIMITS.frameBytes gets frame_too_large with its clientMsgId', async () => {
    const visitor = await t.visitor();
    const clientMsgId = cid();
    const text = 'y'.repeat(LIMITS.frameBytes + 10);
    const error = await errorAfter(visitor, () => visitor.send({ type: 'message.send', clientMsgId, text }));
    expect(error).toMatchObject({ code: 'frame_too_large', clientMsgId });
    await stillWorks(visitor);
    await visitor.close();
  });

  it('a binary frame gets bad_request', async () => {
    const visitor = await t.visitor();
    const error = await errorAfter(visitor, () =>
      visitor.ws.send(Buffer.from(JSON.stringify({ type: 'ping' })), { binary: true }),
    );
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/binary/i);
    await stillWorks(visitor);
    await visitor.close();
  });

  it('the same rules hold on an agent socket', async () => {
    const agent = await t.agentSocket(await t.login());
    agent.send({ type: 'conversation.watch', conversationId: 'c1' });
    const error = await agent.next<ErrorFrame>((f) => f.type === 'error');
    expect(error).toMatchObject({ code: 'bad_request' });
    expect(error.message).toMatch(/^afterSeq: /);
    await roundTrip(agent);
    await agent.close();
  });
});

describe('rate limit', () => {
  it('a burst beyond LIMITS.frameBurst is answered with rate_limited; the socket stays up', async () => {
    const visitor = await t.visitor();
    const burst = LIMITS.frameBurst + 40;
    for (let i = 0; i < burst; i++) visitor.send({ type: 'ping' });
    const limitedId = cid();
    visitor.send({ type: 'message.send', clientMsgId: limitedId, text: 'sent while limited' });

    // Every frame of the burst is answered exactly once: a pong or a rate_limited error.
    const limited = await visitor.next<ErrorFrame>((f) => f.type === 'error' && f.clientMsgId === limitedId);
    expect(limited).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    const answered = () => visitor.frames.filter((f) => f.type === 'pong' || f.type === 'error').length;
    while (answered() < burst + 1) await visitor.next((f) => f.type === 'pong' || f.type === 'error');
    const pongs = visitor.all<PongFrame>((f) => f.type === 'pong').length;
    const errors = visitor.all<ErrorFrame>((f) => f.type === 'error');
    // The socket's first LIMITS.frameBurst frames are never limited; its hello was the first.
    expect(pongs).toBeGreaterThanOrEqual(LIMITS.frameBurst - 1);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.code === 'rate_limited' && e.retryable && (e.retryAfterMs ?? 0) > 0)).toBe(
      true,
    );
    expect(pongs + errors.length).toBe(burst + 1);
    expect(await t.app.db.prisma.message.count({ where: { clientMsgId: limitedId } })).toBe(0);

    // Retried after retryAfterMs with the same id, as a client does: stored once, socket fine.
    await new Promise((resolve) => setTimeout(resolve, limited.retryAfterMs ?? 0));
    visitor.send({ type: 'message.send', clientMsgId: limitedId, text: 'sent while limited' });
    expect((await ackOf(visitor, limitedId)).seq).toBe(1);
    expect(visitor.closed).toBeNull();
    await visitor.close();
  });
});
