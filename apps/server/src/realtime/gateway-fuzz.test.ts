import fc from 'fast-check';
import {
  AgentClientFrame,
  parseFrame,
  VisitorClientFrame,
  type AgentServerFrame,
  type VisitorServerFrame,
} from '@livechat/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type WsClient } from '../test-support/test-server.js';

// Random and malformed frames thrown at both gateways: the process never crashes, the socket stays
// usable, and every frame that does not parse is answered with an error frame.
let t: TestServer;
beforeAll(async () => {
  // A high frame rate: the rate limit has its own test (bad-frames.test.ts); here it would only slow the run.
  t = await startTestServer({ WS_FRAMES_PER_SECOND: '100000', WS_FRAME_BURST: '100000' });
});
afterAll(async () => {
  await t.stop();
});

const frameTypes = [
  'hello',
  'message.send',
  'replay',
  'history',
  'typing',
  'read',
  'ping',
  'profile.update',
  'rating.submit',
  'conversation.watch',
  'conversation.unwatch',
  'presence.set',
  'nope',
];

/** Frames that look almost right (a known type, random fields) mixed with garbage text. */
const arbitraryFrame = fc.oneof(
  fc
    .record(
      {
        type: fc.constantFrom(...frameTypes),
        conversationId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        clientMsgId: fc.oneof(fc.string({ minLength: 0, maxLength: 80 }), fc.constant('abcdefgh_1')),
        text: fc.oneof(fc.string(), fc.string({ minLength: 4001, maxLength: 4100 }), fc.integer()),
        afterSeq: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.string()),
        seq: fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.constant(null)),
        isTyping: fc.oneof(fc.boolean(), fc.string()),
        note: fc.anything(),
      },
      { requiredKeys: ['type'] },
    )
    .map((o) => JSON.stringify(o)),
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.constant('{"type":"message.send"'),
);

/**
 * Sends one frame and a ping, and checks what came back before the pong. The server's rate limit is
 * part of what is under test: a rate_limited answer is honoured (wait, send again) like a client would.
 */
async function assertAnswered<F extends { type: string }>(client: WsClient<F>, raw: string, parses: boolean) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const before = client.frames.length;
    client.send(raw);
    client.send({ type: 'ping' });
    // Frames are handled in order: everything the raw frame causes comes before our ping's pong. A raw
    // frame that is itself a valid ping gets a pong of its own, so then wait for two.
    const pongs = parses && isPing(raw) ? 2 : 1;
    const answers = await framesUntil(
      client,
      before,
      (frames) => frames.some(isRateLimited) || frames.filter((f) => f.type === 'pong').length >= pongs,
    );
    if (answers.some(isRateLimited)) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    if (!parses) expect(answers.some((f) => f.type === 'error')).toBe(true);
    return;
  }
  throw new Error('still rate limited after 20 attempts');
}

function isPing(raw: string): boolean {
  try {
    const json: unknown = JSON.parse(raw);
    return typeof json === 'object' && json !== null && 'type' in json && json.type === 'ping';
  } catch {
    return false;
  }
}

async function framesUntil<F extends { type: string }>(
  client: WsClient<F>,
  from: number,
  done: (frames: F[]) => boolean,
): Promise<F[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const frames = client.frames.slice(from);
    if (done(frames)) return frames;
    if (Date.now() > deadline) throw new Error(`no answer; got ${JSON.stringify(frames)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function isRateLimited(f: { type: string }): boolean {
  return f.type === 'error' && 'code' in f && f.code === 'rate_limited';
}

describe('gateway fuzz', () => {
  it('visitor sockets survive and answer every bad frame', async () => {
    const visitor = await t.visitor();
    await fc.assert(
      fc.asyncProperty(arbitraryFrame, async (raw) => {
        await assertAnswered<VisitorServerFrame>(visitor, raw, parseFrame(VisitorClientFrame, raw).ok);
      }),
      { numRuns: 120 },
    );
    expect(visitor.closed).toBeNull();
    await visitor.close();
  }, 90_000);

  it('agent sockets survive and answer every bad frame', async () => {
    const agent = await t.agentSocket(await t.login());
    await fc.assert(
      fc.asyncProperty(arbitraryFrame, async (raw) => {
        await assertAnswered<AgentServerFrame>(agent, raw, parseFrame(AgentClientFrame, raw).ok);
      }),
      { numRuns: 120 },
    );
    expect(agent.closed).toBeNull();
    const health = await t.api('GET', '/healthz');
    expect(health.status).toBe(200);
    await agent.close();
  }, 90_000);
});
