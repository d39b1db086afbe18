import type { ReplayPageFrame } from '@livechat/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setFrameSender } from '../realtime/outbound';
import { COLLEAGUE, ME, message, recordFrames, summary } from '../test-support/fixtures';
import { selectAttentionCount } from './conversation-selectors';
import { useConversationsStore } from './conversations-store';

const C = 'conv-1';
const store = () => useConversationsStore.getState();
const thread = () => {
  const t = store().threads[C];
  if (!t) throw new Error('no thread');
  return t;
};
const seqs = () => thread().messages.map((m) => m.seq);

function page(overrides: Partial<ReplayPageFrame>): ReplayPageFrame {
  return {
    type: 'replay.page',
    conversationId: C,
    afterSeq: 0,
    messages: [],
    hasMore: false,
    reset: false,
    latestSeq: 0,
    ...overrides,
  };
}

/** Opens the conversation and answers the watch with the first `n` messages. */
function openWith(n: number) {
  store().watch(C);
  const messages = Array.from({ length: n }, (_, i) => message(C, i + 1));
  store().receiveReplayPage(page({ messages, reset: true, latestSeq: n }));
}

let wire: ReturnType<typeof recordFrames>;

beforeEach(() => {
  store().reset();
  store().setMe(ME);
  wire = recordFrames();
});

afterEach(() => {
  setFrameSender(null);
  vi.useRealTimers();
});

describe('watching and replay', () => {
  it('watches from seq 0 the first time and shows the reset page', () => {
    store().watch(C);
    expect(wire.ofType('conversation.watch')).toEqual([
      { type: 'conversation.watch', conversationId: C, afterSeq: 0 },
    ]);
    store().receiveReplayPage(page({ messages: [message(C, 1), message(C, 2)], reset: true, latestSeq: 2 }));
    expect(seqs()).toEqual([1, 2]);
    expect(thread().contiguousSeq).toBe(2);
    expect(thread().loaded).toBe(true);
  });

  it('re-watches from the highest contiguous seq after a reconnect', () => {
    openWith(3);
    wire.clear();
    store().requestsLost();
    store().resubscribe();
    expect(wire.ofType('conversation.watch')).toEqual([
      { type: 'conversation.watch', conversationId: C, afterSeq: 3 },
    ]);
  });

  it('unwatches the previous conversation when another is shown', () => {
    openWith(1);
    store().watch('conv-2');
    expect(wire.ofType('conversation.unwatch')).toEqual([
      { type: 'conversation.unwatch', conversationId: C },
    ]);
  });
});

describe('dedupe', () => {
  it('drops a message it already holds by seq', () => {
    openWith(2);
    store().receiveMessage(message(C, 3));
    store().receiveMessage(message(C, 3, { text: 'again' }));
    store().receiveMessage(message(C, 2));
    expect(seqs()).toEqual([1, 2, 3]);
    expect(thread().messages[2]?.text).toBe('message 3');
  });

  it('drops messages of a replay page it already shows', () => {
    openWith(3);
    store().receiveReplayPage(
      page({ afterSeq: 1, messages: [message(C, 2), message(C, 3), message(C, 4)], latestSeq: 4 }),
    );
    expect(seqs()).toEqual([1, 2, 3, 4]);
  });
});

describe('gap detection', () => {
  it('asks for a replay from the last contiguous seq when prevSeq is ahead, once', () => {
    openWith(2);
    wire.clear();
    store().receiveMessage(message(C, 5));
    store().receiveMessage(message(C, 6));
    expect(wire.ofType('replay')).toEqual([{ type: 'replay', conversationId: C, afterSeq: 2 }]);
    expect(thread().contiguousSeq).toBe(2);

    store().receiveReplayPage(page({ afterSeq: 2, messages: [message(C, 3), message(C, 4)], latestSeq: 6 }));
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(thread().contiguousSeq).toBe(6);
  });

  it('does not ask for a replay when messages arrive in order', () => {
    openWith(2);
    wire.clear();
    store().receiveMessage(message(C, 3));
    store().receiveMessage(message(C, 4));
    expect(wire.ofType('replay')).toEqual([]);
    expect(thread().contiguousSeq).toBe(4);
  });

  it('pages on while the server has more', () => {
    openWith(1);
    store().receiveMessage(message(C, 9));
    wire.clear();
    store().receiveReplayPage(
      page({ afterSeq: 1, messages: [message(C, 2), message(C, 3)], hasMore: true, latestSeq: 9 }),
    );
    expect(wire.ofType('replay')).toEqual([{ type: 'replay', conversationId: C, afterSeq: 3 }]);
    store().receiveReplayPage(
      page({
        afterSeq: 3,
        messages: [4, 5, 6, 7, 8].map((s) => message(C, s)),
        hasMore: false,
        latestSeq: 9,
      }),
    );
    expect(thread().contiguousSeq).toBe(9);
    expect(thread().replaying).toBe(false);
  });

  it('lets the server stream every page of a watch without asking for them', () => {
    store().watch(C);
    wire.clear();
    const first = page({ messages: [message(C, 1), message(C, 2)], hasMore: true, latestSeq: 4 });
    store().receiveReplayPage(first);
    store().receiveMessage(message(C, 5)); // held live frame after a gap: the watch replay fills it
    expect(wire.ofType('replay')).toEqual([]);
    store().receiveReplayPage(page({ afterSeq: 2, messages: [message(C, 3), message(C, 4)], latestSeq: 4 }));
    expect(thread().contiguousSeq).toBe(5);
    expect(wire.ofType('replay')).toEqual([]);
  });

  it('asks again after the connection dropped a replay request', () => {
    openWith(1);
    store().receiveMessage(message(C, 4));
    store().requestsLost();
    wire.clear();
    store().receiveMessage(message(C, 5));
    expect(wire.ofType('replay')).toEqual([{ type: 'replay', conversationId: C, afterSeq: 1 }]);
  });

  it('replays from the contiguous seq when the tab becomes visible', () => {
    openWith(4);
    wire.clear();
    store().replayWatched();
    expect(wire.ofType('replay')).toEqual([{ type: 'replay', conversationId: C, afterSeq: 4 }]);
  });
});

describe('reset pages and history', () => {
  it('replaces what it shows when the server jumps to the latest page', () => {
    openWith(5);
    store().receiveMessage(message(C, 2000));
    store().receiveReplayPage(
      page({ afterSeq: 5, reset: true, messages: [message(C, 1998), message(C, 1999)], latestSeq: 1999 }),
    );
    expect(seqs()).toEqual([1998, 1999, 2000]);
    expect(thread().contiguousSeq).toBe(2000);
    expect(thread().hasOlder).toBe(true);
  });

  it('scrolls back with history before the oldest held seq', () => {
    store().watch(C);
    store().receiveReplayPage(
      page({ reset: true, messages: [message(C, 51), message(C, 52)], latestSeq: 52 }),
    );
    wire.clear();
    store().loadOlder(C);
    store().loadOlder(C); // a second click while loading sends nothing
    expect(wire.ofType('history')).toEqual([{ type: 'history', conversationId: C, beforeSeq: 51 }]);
    store().receiveHistoryPage({
      type: 'history.page',
      conversationId: C,
      beforeSeq: 51,
      messages: [message(C, 49), message(C, 50)],
      hasMore: false,
    });
    expect(seqs()).toEqual([49, 50, 51, 52]);
    expect(thread().hasOlder).toBe(false);
    expect(thread().contiguousSeq).toBe(52);
  });
});

describe('sending: pending, ack, failed', () => {
  it('shows a pending message as sending, then replaces it with the acked message', () => {
    openWith(2);
    wire.clear();
    const clientMsgId = store().sendMessage(C, 'Hi there', false);
    expect(wire.ofType('message.send')).toEqual([
      { type: 'message.send', conversationId: C, clientMsgId, text: 'Hi there', note: false },
    ]);
    expect(thread().pending).toMatchObject([{ clientMsgId, status: 'sending' }]);

    store().receiveAck({
      type: 'ack',
      clientMsgId,
      conversationId: C,
      messageId: 'm-3',
      seq: 3,
      createdAt: 1,
    });
    expect(thread().pending).toEqual([]);
    expect(thread().messages[2]).toMatchObject({
      seq: 3,
      clientMsgId,
      authorId: ME.id,
      kind: 'TEXT',
      text: 'Hi there',
    });
    expect(thread().contiguousSeq).toBe(3);

    // The server's own `message` frame for it is a duplicate.
    store().receiveMessage(message(C, 3, { authorKind: 'AGENT', authorId: ME.id, clientMsgId }));
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('drops the pending copy when the message frame beats the ack', () => {
    openWith(1);
    const clientMsgId = store().sendMessage(C, 'race', true);
    store().receiveMessage(
      message(C, 2, { authorKind: 'AGENT', authorId: ME.id, kind: 'NOTE', clientMsgId }),
    );
    expect(thread().pending).toEqual([]);
    store().receiveAck({
      type: 'ack',
      clientMsgId,
      conversationId: C,
      messageId: 'm-2',
      seq: 2,
      createdAt: 1,
    });
    expect(seqs()).toEqual([1, 2]);
  });

  it('marks a message failed on a non-retryable error, and retry resends the same clientMsgId', () => {
    openWith(1);
    const clientMsgId = store().sendMessage(C, 'nope', false);
    const handled = store().receiveError({
      type: 'error',
      code: 'invalid_state',
      message: 'closed',
      retryable: false,
      retryAfterMs: null,
      clientMsgId,
    });
    expect(handled).toBe(true);
    expect(thread().pending).toMatchObject([{ clientMsgId, status: 'failed', errorCode: 'invalid_state' }]);

    wire.clear();
    store().retryMessage(C, clientMsgId);
    expect(thread().pending).toMatchObject([{ clientMsgId, status: 'sending' }]);
    expect(wire.ofType('message.send').map((f) => f.clientMsgId)).toEqual([clientMsgId]);
  });

  it('resends after retryAfterMs on a retryable error', () => {
    vi.useFakeTimers();
    openWith(1);
    const clientMsgId = store().sendMessage(C, 'later', false);
    wire.clear();
    store().receiveError({
      type: 'error',
      code: 'rate_limited',
      message: 'slow down',
      retryable: true,
      retryAfterMs: 500,
      clientMsgId,
    });
    expect(thread().pending[0]?.status).toBe('sending');
    vi.advanceTimersByTime(499);
    expect(wire.ofType('message.send')).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(wire.ofType('message.send').map((f) => f.clientMsgId)).toEqual([clientMsgId]);
  });

  it('keeps messages written while offline and sends them with the same id after the next welcome', () => {
    openWith(1);
    wire.setConnected(false);
    const first = store().sendMessage(C, 'one', false);
    const second = store().sendMessage(C, 'two', false);
    expect(thread().pending.map((p) => p.status)).toEqual(['sending', 'sending']);

    wire.setConnected(true);
    store().requestsLost();
    store().resubscribe();
    expect(wire.ofType('message.send').map((f) => f.clientMsgId)).toEqual([first, second]);
  });

  it('ignores a second ack for the same clientMsgId', () => {
    openWith(1);
    const clientMsgId = store().sendMessage(C, 'x', false);
    const ack = {
      type: 'ack',
      clientMsgId,
      conversationId: C,
      messageId: 'm-2',
      seq: 2,
      createdAt: 1,
    } as const;
    store().receiveAck(ack);
    store().receiveAck(ack);
    expect(seqs()).toEqual([1, 2]);
  });

  it('records the visitor read cursor for "seen"', () => {
    openWith(3);
    store().receiveRead({ type: 'read', conversationId: C, reader: 'visitor', agentId: null, seq: 3 });
    store().receiveRead({ type: 'read', conversationId: C, reader: 'visitor', agentId: null, seq: 2 });
    expect(thread().visitorReadSeq).toBe(3);
  });

  it('sends read up to the contiguous seq once', () => {
    openWith(3);
    wire.clear();
    store().markRead(C);
    store().markRead(C);
    expect(wire.ofType('read')).toEqual([{ type: 'read', conversationId: C, seq: 3 }]);
  });
});

describe('lists', () => {
  const queueSnapshot = () =>
    store().setSnapshot('queue', {
      items: [summary('a', { queuedAt: 10 }), summary('b', { queuedAt: 5 })],
      counts: { queue: 2, mine: 0, all: 2 },
      readSeqs: {},
    });

  it('orders the queue oldest first', () => {
    queueSnapshot();
    expect(store().lists.queue.ids).toEqual(['b', 'a']);
  });

  it('removes a chat from the queue when a colleague claims it, and updates counts', () => {
    queueSnapshot();
    store().upsertConversation(
      summary('a', { status: 'ACTIVE', assignee: COLLEAGUE, lastSeq: 2, queuedAt: 10 }),
    );
    expect(store().lists.queue.ids).toEqual(['b']);
    expect(store().counts).toEqual({ queue: 1, mine: 0, all: 2 });
  });

  it('moves a chat I claimed into Mine', () => {
    queueSnapshot();
    store().setSnapshot('mine', { items: [], counts: { queue: 2, mine: 0, all: 2 }, readSeqs: {} });
    store().upsertConversation(
      summary('b', { status: 'ACTIVE', assignee: { ...ME, avatarUrl: null }, lastSeq: 2, queuedAt: 5 }),
    );
    expect(store().lists.queue.ids).toEqual(['a']);
    expect(store().lists.mine.ids).toEqual(['b']);
    expect(store().counts).toEqual({ queue: 1, mine: 1, all: 2 });
  });

  it('adds a new queued chat live', () => {
    queueSnapshot();
    store().upsertConversation(summary('c', { queuedAt: 20 }));
    expect(store().lists.queue.ids).toEqual(['b', 'a', 'c']);
    expect(store().counts.queue).toBe(3);
  });

  it('ignores an update older than the one it holds', () => {
    queueSnapshot();
    store().upsertConversation(summary('a', { status: 'ACTIVE', assignee: COLLEAGUE, lastSeq: 3 }));
    store().upsertConversation(summary('a', { status: 'QUEUED', lastSeq: 1 }));
    expect(store().lists.queue.ids).toEqual(['b']);
  });

  it('takes a chat out of the queue at once after already_claimed, without counting it twice', () => {
    queueSnapshot();
    store().markClaimedElsewhere('a');
    expect(store().lists.queue.ids).toEqual(['b']);
    expect(store().counts.queue).toBe(1);
    store().upsertConversation(summary('a', { status: 'ACTIVE', assignee: COLLEAGUE, lastSeq: 2 }));
    expect(store().counts.queue).toBe(1);
  });
});

describe('read cursors from the lists', () => {
  it('takes readSeqs from a snapshot for unread badges, and never moves a cursor back', () => {
    const mine = summary(C, {
      status: 'ACTIVE',
      assignee: { ...ME, avatarUrl: null },
      lastSeq: 5,
    });
    store().setSnapshot('mine', {
      items: [mine],
      counts: { queue: 0, mine: 1, all: 1 },
      readSeqs: { [C]: 5 },
    });
    expect(store().agentReadSeq[C]).toBe(5);
    expect(selectAttentionCount(store())).toBe(0);
    store().setSnapshot('mine', {
      items: [{ ...mine, lastSeq: 6 }],
      counts: { queue: 0, mine: 1, all: 1 },
      readSeqs: { [C]: 3 },
    });
    expect(store().agentReadSeq[C]).toBe(5);
    expect(selectAttentionCount(store())).toBe(1);
  });
});
