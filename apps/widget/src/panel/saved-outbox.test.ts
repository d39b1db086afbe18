import { describe, expect, it } from 'vitest';
import { LIMITS, type VisitorClientFrame, type VisitorConversation } from '@livechat/protocol';
import { OUTBOX_MAX_CHARS } from '../bridge/bridge-messages';
import { createConversationStore } from './conversation-store';
import { MAX_SAVED, decodeOutbox, encodeOutbox, type SavedMessage } from './saved-outbox';
import { chatMessage, visitorConversation, welcome } from './test-frames';

/** One page's panel: a store whose socket is up or down, and the frames it sent. */
function page(prefix: string) {
  const sent: VisitorClientFrame[] = [];
  const link = { up: false };
  let ids = 0;
  const store = createConversationStore({
    send: (frame) => link.up && sent.push(frame) > 0,
    newId: () => `${prefix}-msg-${++ids}`,
    now: () => 1_700_000_000_000 + ids,
  });
  const connect = (conversation: VisitorConversation | null = visitorConversation()) => {
    link.up = true;
    store.welcome(welcome(conversation));
  };
  const disconnect = () => {
    link.up = false;
    store.disconnected();
  };
  /** What the panel hands the loader now, read back the way the next page does. */
  const reload = () => decodeOutbox(encodeOutbox(store.unsent()));
  const take = () => sent.splice(0, sent.length);
  return { store, connect, disconnect, reload, take };
}

const saved = (n: number, over: Partial<SavedMessage> = {}): SavedMessage => ({
  clientMsgId: `saved-msg-${n}`,
  text: `text ${n}`,
  createdAt: 1_700_000_000_000 + n,
  conversationId: null,
  ...over,
});

describe('saved outbox: the stored form', () => {
  it('round-trips messages and keeps nothing when there is nothing to keep', () => {
    const messages = [saved(1, { conversationId: 'c1' }), saved(2, { departmentId: 'd1' })];
    expect(decodeOutbox(encodeOutbox(messages))).toEqual(messages);
    expect(encodeOutbox([])).toBeNull();
    expect(decodeOutbox(null)).toEqual([]);
  });

  it('treats what it reads back as untrusted: unreadable input is nothing, bad entries are dropped', () => {
    for (const raw of ['', 'not json', '{"clientMsgId":"saved-msg-1"}', 'null', '42', '"[]"'])
      expect(decodeOutbox(raw), raw).toEqual([]);

    const good = saved(1);
    const entries: unknown[] = [
      null,
      'text',
      { ...saved(2), clientMsgId: 'has spaces in it' },
      { ...saved(3), clientMsgId: 'short' },
      { ...saved(4), text: '   ' },
      { ...saved(5), text: 'x'.repeat(LIMITS.messageText + 1) },
      { ...saved(6), createdAt: -1 },
      { ...saved(7), createdAt: '1700000000000' },
      { ...saved(8), conversationId: 42 },
      { ...saved(9), departmentId: '' },
      good,
      { ...good, text: 'the same id again' },
    ];
    expect(decodeOutbox(JSON.stringify(entries))).toEqual([good]);
  });

  it(`keeps at most ${MAX_SAVED} messages and ${OUTBOX_MAX_CHARS} characters, oldest first`, () => {
    const many = Array.from({ length: MAX_SAVED + 10 }, (_, i) => saved(i));
    expect(decodeOutbox(encodeOutbox(many))).toEqual(many.slice(0, MAX_SAVED));
    // A hand-written entry over the limit is cut the same way on reading.
    expect(decodeOutbox(JSON.stringify(many))).toEqual(many.slice(0, MAX_SAVED));

    const long = Array.from({ length: MAX_SAVED }, (_, i) =>
      saved(i, { text: 'y'.repeat(LIMITS.messageText) }),
    );
    const raw = encodeOutbox(long);
    expect(raw?.length).toBeLessThanOrEqual(OUTBOX_MAX_CHARS);
    const back = decodeOutbox(raw);
    expect(back.length).toBeGreaterThan(10);
    expect(back).toEqual(long.slice(0, back.length));
    expect(decodeOutbox(`${JSON.stringify([saved(1)])}${' '.repeat(OUTBOX_MAX_CHARS)}`)).toEqual([]);
  });
});

describe('saved outbox: across a reload', () => {
  it('keeps what was written offline and resends it after the welcome with the original ids, in order', () => {
    const first = page('first');
    first.connect();
    const before = first.store.sendText('before the drop');
    first.store.ack({
      type: 'ack',
      clientMsgId: before,
      conversationId: 'c1',
      messageId: 'm1',
      seq: 1,
      createdAt: 1,
    });
    first.disconnect();
    const a = first.store.sendText('written offline');
    const b = first.store.sendText('and again');
    const kept = first.reload();
    expect(kept).toMatchObject([
      { clientMsgId: a, text: 'written offline', conversationId: 'c1' },
      { clientMsgId: b, text: 'and again', conversationId: 'c1' },
    ]);

    const second = page('second');
    second.store.restore(kept);
    expect(second.store.getState().outgoing).toMatchObject([
      { clientMsgId: a, text: 'written offline', status: 'queued' },
      { clientMsgId: b, text: 'and again', status: 'queued' },
    ]);
    const c = second.store.sendText('after the reload');
    expect(second.take()).toEqual([]);

    second.connect();
    expect(second.take()).toEqual([
      { type: 'message.send', clientMsgId: a, text: 'written offline' },
      { type: 'message.send', clientMsgId: b, text: 'and again' },
      { type: 'message.send', clientMsgId: c, text: 'after the reload' },
    ]);
    // Sent but not acked yet: still kept, should the page go away now.
    expect(second.reload().map((m) => m.clientMsgId)).toEqual([a, b, c]);

    second.store.ack({
      type: 'ack',
      clientMsgId: a,
      conversationId: 'c1',
      messageId: 'm2',
      seq: 2,
      createdAt: 2,
    });
    expect(second.reload().map((m) => m.clientMsgId)).toEqual([b, c]);
    second.store.ack({
      type: 'ack',
      clientMsgId: b,
      conversationId: 'c1',
      messageId: 'm3',
      seq: 3,
      createdAt: 3,
    });
    second.store.ack({
      type: 'ack',
      clientMsgId: c,
      conversationId: 'c1',
      messageId: 'm4',
      seq: 4,
      createdAt: 4,
    });
    expect(encodeOutbox(second.store.unsent())).toBeNull();
    expect(second.store.getState().outgoing).toEqual([]);
    expect(second.store.getState().messages.map((m) => m.clientMsgId)).toEqual([a, b, c]);
  });

  it('a first message keeps its department, so the conversation it starts goes there', () => {
    const first = page('first');
    const id = first.store.sendText('hello sales', 'sales');
    const kept = first.reload();
    expect(kept).toEqual([
      {
        clientMsgId: id,
        text: 'hello sales',
        createdAt: 1_700_000_000_001,
        conversationId: null,
        departmentId: 'sales',
      },
    ]);

    const second = page('second');
    second.store.restore(kept);
    second.connect(null);
    expect(second.take()).toEqual([
      { type: 'message.send', clientMsgId: id, text: 'hello sales', departmentId: 'sales' },
    ]);
  });

  it('shows a message the server stored before the reload once: the replay settles it, the resend is answered as a duplicate', () => {
    const first = page('first');
    first.connect();
    const id = first.store.sendText('ack lost');
    first.take();
    const kept = first.reload(); // the page went away before the ack came

    const second = page('second');
    second.store.restore(kept);
    second.connect();
    expect(second.take()).toEqual([{ type: 'message.send', clientMsgId: id, text: 'ack lost' }]);
    second.store.replayPage({
      type: 'replay.page',
      conversationId: 'c1',
      afterSeq: 0,
      messages: [chatMessage(1, 0, { authorKind: 'VISITOR', text: 'ack lost', clientMsgId: id })],
      hasMore: false,
      reset: false,
      latestSeq: 1,
    });
    // The server's answer to the resend is the stored message's ack.
    second.store.ack({
      type: 'ack',
      clientMsgId: id,
      conversationId: 'c1',
      messageId: 'm1',
      seq: 1,
      createdAt: 1,
    });
    expect(second.store.getState().messages.map((m) => m.text)).toEqual(['ack lost']);
    expect(second.store.getState().outgoing).toEqual([]);
    expect(second.store.unsent()).toEqual([]);
  });

  it('stops keeping a message that failed for good (still shown as failed) and keeps it again on retry', () => {
    const first = page('first');
    first.connect();
    const id = first.store.sendText('refused');
    first.store.error({
      type: 'error',
      code: 'forbidden',
      message: 'nope',
      retryable: false,
      retryAfterMs: null,
      clientMsgId: id,
    });
    expect(first.store.getState().outgoing).toMatchObject([{ clientMsgId: id, status: 'failed' }]);
    expect(first.reload()).toEqual([]);

    first.store.retry(id);
    expect(first.reload().map((m) => m.clientMsgId)).toEqual([id]);
  });

  it('keeps a message that got a retryable error', () => {
    const first = page('first');
    first.connect();
    const id = first.store.sendText('busy');
    first.store.error({
      type: 'error',
      code: 'rate_limited',
      message: 'slow down',
      retryable: true,
      retryAfterMs: 60_000,
      clientMsgId: id,
    });
    expect(first.reload().map((m) => m.clientMsgId)).toEqual([id]);
  });

  it('restores a message only once, however often it is handed back', () => {
    const second = page('second');
    second.store.restore([saved(1), saved(2)]);
    second.store.restore([saved(2), saved(1), saved(3)]);
    const ids = second.store.getState().outgoing.map((o) => o.clientMsgId);
    expect([...ids].sort()).toEqual(['saved-msg-1', 'saved-msg-2', 'saved-msg-3']);
  });
});

describe('saved outbox: across identify() (an anonymous visitor becomes a verified one)', () => {
  const ack = (clientMsgId: string, seq: number) =>
    ({ type: 'ack', clientMsgId, conversationId: 'c1', messageId: `m${seq}`, seq, createdAt: seq }) as const;

  it('held: nothing new goes out, what is in flight is still acked, the rest goes to the new panel with its ids', () => {
    const anonymous = page('anon');
    anonymous.connect();
    const inFlight = anonymous.store.sendText('on its way');
    expect(anonymous.take()).toHaveLength(1);

    anonymous.store.hold(true);
    const meanwhile = anonymous.store.sendText('written while linking');
    expect(anonymous.take()).toEqual([]);
    expect(anonymous.store.getState().outgoing).toMatchObject([
      { clientMsgId: inFlight, status: 'sending' },
      { clientMsgId: meanwhile, status: 'queued' },
    ]);
    // A reconnect while held sends nothing either.
    anonymous.disconnect();
    anonymous.connect();
    expect(anonymous.take()).toEqual([]);
    anonymous.store.ack(ack(inFlight, 1));
    const kept = anonymous.reload();
    expect(kept.map((m) => m.clientMsgId)).toEqual([meanwhile]);

    // The verified visitor's panel: the moved conversation, and the message resent once.
    const verified = page('user');
    verified.store.restore(kept);
    verified.connect();
    expect(verified.take()).toEqual([
      { type: 'message.send', clientMsgId: meanwhile, text: 'written while linking' },
    ]);
  });

  it('released (the link failed): what waited goes out in order', () => {
    const anonymous = page('anon');
    anonymous.connect();
    anonymous.store.hold(true);
    const a = anonymous.store.sendText('first');
    const b = anonymous.store.sendText('second');
    expect(anonymous.take()).toEqual([]);
    anonymous.store.hold(false);
    expect(anonymous.take().map((f) => (f.type === 'message.send' ? f.clientMsgId : f.type))).toEqual([a, b]);
  });
});
