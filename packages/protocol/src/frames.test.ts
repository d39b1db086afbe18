import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  AgentClientFrame,
  AgentServerFrame,
  LIMITS,
  PROTOCOL_VERSION,
  parseFrame,
  VisitorClientFrame,
  VisitorServerFrame,
  type ChatMessage,
} from './index.js';

z.config(z.locales.en());

const message: ChatMessage = {
  id: 'm1',
  conversationId: 'c1',
  seq: 3,
  prevSeq: 1,
  audience: 'ALL',
  authorKind: 'VISITOR',
  authorId: 'v1',
  authorName: null,
  kind: 'TEXT',
  text: 'Hello',
  event: null,
  clientMsgId: 'abcdefgh12',
  createdAt: 1_700_000_000_000,
};

describe('valid frames round-trip', () => {
  const cases: Array<[string, z.ZodMiniType, unknown]> = [
    [
      'visitor hello',
      VisitorClientFrame,
      {
        type: 'hello',
        protocolVersion: PROTOCOL_VERSION,
        token: 'x'.repeat(32),
        conversationId: 'c1',
        afterSeq: 2,
      },
    ],
    [
      'visitor message',
      VisitorClientFrame,
      { type: 'message.send', clientMsgId: 'abcdefgh12', text: 'Hi there' },
    ],
    ['visitor typing', VisitorClientFrame, { type: 'typing', isTyping: true, preview: 'Hi th' }],
    [
      'agent note',
      AgentClientFrame,
      { type: 'message.send', conversationId: 'c1', clientMsgId: 'abcdefgh12', text: 'psst', note: true },
    ],
    ['agent watch', AgentClientFrame, { type: 'conversation.watch', conversationId: 'c1', afterSeq: 0 }],
    ['message to visitor', VisitorServerFrame, { type: 'message', message }],
    [
      'replay page',
      AgentServerFrame,
      {
        type: 'replay.page',
        conversationId: 'c1',
        afterSeq: 0,
        messages: [message],
        hasMore: false,
        reset: false,
        latestSeq: 3,
      },
    ],
    [
      'error',
      AgentServerFrame,
      {
        type: 'error',
        code: 'rate_limited',
        message: 'slow down',
        retryable: true,
        retryAfterMs: 500,
        clientMsgId: null,
      },
    ],
  ];
  it.each(cases)('%s', (_name, schema, frame) => {
    const parsed = parseFrame(schema, JSON.stringify(frame));
    expect(parsed).toEqual({ ok: true, frame });
  });
});

describe('invalid frames are rejected with a useful path', () => {
  it('names the failing field', () => {
    const parsed = parseFrame(
      VisitorClientFrame,
      JSON.stringify({ type: 'message.send', clientMsgId: 'abcdefgh12', text: '' }),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^text: /);
  });
  it('rejects an over-long message', () => {
    const text = 'x'.repeat(LIMITS.messageText + 1);
    const parsed = parseFrame(
      VisitorClientFrame,
      JSON.stringify({ type: 'message.send', clientMsgId: 'abcdefgh12', text }),
    );
    expect(parsed).toMatchObject({ ok: false, code: 'bad_request' });
  });
  it('rejects a clientMsgId with odd characters', () => {
    const parsed = parseFrame(
      VisitorClientFrame,
      JSON.stringify({ type: 'message.send', clientMsgId: 'bad id!!', text: 'x' }),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('clientMsgId');
  });
  it('rejects an unknown frame type', () => {
    const parsed = parseFrame(AgentClientFrame, JSON.stringify({ type: 'drop.tables' }));
    expect(parsed).toMatchObject({ ok: false, code: 'bad_request' });
  });
  it('rejects what is not JSON', () => {
    expect(parseFrame(AgentClientFrame, '{nope')).toEqual({
      ok: false,
      code: 'bad_request',
      message: 'Frame is not JSON',
    });
  });
  it('rejects an oversized frame before parsing it', () => {
    const parsed = parseFrame(AgentClientFrame, 'x'.repeat(LIMITS.frameBytes + 1));
    expect(parsed).toMatchObject({ ok: false, code: 'frame_too_large' });
  });
  it('does not let visitors send notes', () => {
    const parsed = parseFrame(
      VisitorClientFrame,
      JSON.stringify({
        type: 'message.send',
        clientMsgId: 'abcdefgh12',
        text: 'x',
        note: true,
        audience: 'AGENTS',
      }),
    );
    // Unknown keys are stripped: whatever a visitor claims, the frame carries no audience.
    expect(parsed.ok && 'audience' in parsed.frame).toBe(false);
  });
});
