import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage, VisitorClientFrame, VisitorConversation } from '@livechat/protocol';
import { createConversationStore, unreadCount } from './conversation-store';
import { chatMessage, visitorConversation, welcome } from './test-frames';

function setup() {
  const sent: VisitorClientFrame[] = [];
  const announced: ChatMessage[] = [];
  const link = { up: false };
  let ids = 0;
  const store = createConversationStore({
    send: (frame) => {
      if (!link.up) return false;
      sent.push(frame);
      return true;
    },
    announce: (message) => announced.push(message),
    newId: () => `client-msg-${++ids}`,
  });
  /** A new connection: the server welcomed us. */
  const connect = (conversation: VisitorConversation | null = visitorConversation()) => {
    link.up = true;
    store.welcome(welcome(conversation));
  };
  const disconnect = () => {
    link.up = false;
    store.disconnected();
  };
  const seqs = () => store.getState().messages.map((m) => m.seq);
  const take = () => sent.splice(0, sent.length);
  return { store, sent, announced, connect, disconnect, seqs, take };
}

describe('conversation store: the stream', () => {
  it('drops a message whose seq it already holds', () => {
    const { store, connect, seqs, announced } = setup();
    connect();
    store.message({ type: 'message', message: chatMessage(1, 0) });
    store.message({ type: 'message', message: chatMessage(1, 0, { text: 'again' }) });
    store.replayPage({
      type: 'replay.page',
      conversationId: 'c1',
      afterSeq: 0,
      messages: [chatMessage(1, 0), chatMessage(2, 1)],
      hasMore: false,
      reset: false,
      latestSeq: 2,
    });
    expect(seqs()).toEqual([1, 2]);
    expect(store.getState().messages[0]?.text).toBe('message 1');
    expect(announced.map((m) => m.seq)).toEqual([1, 2]);
    expect(store.getState().contiguousSeq).toBe(2);
  });

  it('follows prevSeq over seqs the visitor never sees (notes) without asking for a replay', () => {
    const { store, connect, take, seqs } = setup();
    connect();
    take();
    store.message({ type: 'message', message: chatMessage(1, 0) });
    store.message({ type: 'message', message: chatMessage(4, 1) });
    expect(seqs()).toEqual([1, 4]);
    expect(store.getState().contiguousSeq).toBe(4);
    expect(take()).toEqual([]);
  });

  it('asks for a replay from the last contiguous seq on a gap, once, and fills it from the page', () => {
    const { store, connect, take, seqs } = setup();
    connect();
    take();
    store.message({ type: 'message', message: chatMessage(1, 0) });
    store.message({ type: 'message', message: chatMessage(3, 2) });
    store.message({ type: 'message', message: chatMessage(4, 3) });
    expect(take()).toEqual([{ type: 'replay', conversationId: 'c1', afterSeq: 1 }]);
    expect(store.getState().contiguousSeq).toBe(1);

    store.replayPage({
      type: 'replay.page',
      conversationId: 'c1',
      afterSeq: 1,
      messages: [chatMessage(2, 1), chatMessage(3, 2), chatMessage(4, 3)],
      hasMore: false,
      reset: false,
      latestSeq: 4,
    });
    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(store.getState().contiguousSeq).toBe(4);
    expect(take()).toEqual([]);
  });

  it('pages a replay while hasMore, from the last seq received', () => {
    const { store, connect, take, seqs } = setup();
    connect();
    take();
    store.replayPage({
      type: 'replay.page',
      conversationId: 'c1',
      afterSeq: 0,
      messages: [chatMessage(1, 0), chatMessage(2, 1)],
      hasMore: true,
      reset: false,
      latestSeq: 3,
    });
    expect(take()).toEqual([{ type: 'replay', conversationId: 'c1', afterSeq: 2 }]);
    store.replayPage({
      type: 'replay.page',
      conversationId: 'c1',
      afterSeq: 2,
      messages: [chatMessage(3, 2)],
      hasMore: false,
      reset: false,
      latestSeq: 3,
    });
    expect(take()).toEqual([]);
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('replaces what it shows on reset:true and offers older history', () => {
    const { store, connect, take, seqs } = setup();
    connect();
    store.message({ type: 'message', message: chatMessage(1, 0) });
    take();
    store.replayPage({
      type: 'replay.page',
      conversationId: 'c1',
      afterSeq: 1,
      messages: [chatMessage(1500, 1499), chatMessage(1501, 1500)],
      hasMore: false,
      reset: true,
      latestSeq: 1501,
    });
    expect(seqs()).toEqual([1500, 1501]);
    expect(store.getState().contiguousSeq).toBe(1501);
    expect(store.getState().hasOlder).toBe(true);

    store.loadOlder();
    expect(take()).toEqual([{ type: 'history', conversationId: 'c1', beforeSeq: 1500 }]);
    store.historyPage({
      type: 'history.page',
      conversationId: 'c1',
      beforeSeq: 1500,
      messages: [chatMessage(1498, 1497), chatMessage(1499, 1498)],
      hasMore: false,
    });
    expect(seqs()).toEqual([1498, 1499, 1500, 1501]);
    expect(store.getState().hasOlder).toBe(false);
  });

  it('replays from its contiguous seq when asked (resync, tab visible again)', () => {
    const { store, connect, take } = setup();
    connect();
    store.message({ type: 'message', message: chatMessage(1, 0) });
    take();
    store.replay();
    expect(take()).toEqual([{ type: 'replay', conversationId: 'c1', afterSeq: 1 }]);
  });
});

describe('conversation store: what the visitor writes', () => {
  it('goes pending -> sent on ack -> seen when an agent has read up to it', () => {
    const { store, connect, take, announced } = setup();
    connect(visitorConversation({ lastSeq: 0 }));
    take();
    const id = store.sendText('hello');
    expect(take()).toEqual([{ type: 'message.send', clientMsgId: id, text: 'hello' }]);
    expect(store.getState().outgoing).toMatchObject([{ clientMsgId: id, status: 'sending' }]);

    store.ack({ type: 'ack', clientMsgId: id, conversationId: 'c1', messageId: 'm1', seq: 1, createdAt: 5 });
    const state = store.getState();
    expect(state.outgoing).toEqual([]);
    expect(state.messages).toMatchObject([{ seq: 1, authorKind: 'VISITOR', text: 'hello', clientMsgId: id }]);
    expect(state.contiguousSeq).toBe(1);
    expect(state.agentReadSeq).toBe(0);
    expect(announced.map((m) => m.authorKind)).toEqual(['VISITOR']);
    expect(take()).toEqual([]); // adjacent to what we held: no replay needed

    store.agentRead({ type: 'read', conversationId: 'c1', seq: 1 });
    expect(store.getState().agentReadSeq).toBe(1);
    // the echo of our own message changes nothing
    store.message({
      type: 'message',
      message: chatMessage(1, 0, { authorKind: 'VISITOR', clientMsgId: id }),
    });
    expect(store.getState().messages).toHaveLength(1);
  });

  it('starts a conversation with the first message and replays what came before it', () => {
    const { store, connect, take, seqs } = setup();
    connect(null);
    const id = store.sendText('first');
    take();
    store.ack({ type: 'ack', clientMsgId: id, conversationId: 'c9', messageId: 'm2', seq: 2, createdAt: 5 });
    expect(store.getState().conversationId).toBe('c9');
    expect(take()).toEqual([{ type: 'replay', conversationId: 'c9', afterSeq: 0 }]);
    store.replayPage({
      type: 'replay.page',
      conversationId: 'c9',
      afterSeq: 0,
      messages: [
        chatMessage(1, 0, {
          conversationId: 'c9',
          kind: 'EVENT',
          text: '',
          event: { code: 'started', params: {} },
        }),
        chatMessage(2, 1, { conversationId: 'c9', authorKind: 'VISITOR', text: 'first', clientMsgId: id }),
      ],
      hasMore: false,
      reset: false,
      latestSeq: 2,
    });
    expect(seqs()).toEqual([1, 2]);
    expect(store.getState().contiguousSeq).toBe(2);
  });

  it('keeps messages written while down and sends them in order, once, on the next connection', () => {
    const { store, connect, disconnect, take } = setup();
    disconnect();
    const a = store.sendText('one');
    const b = store.sendText('two');
    expect(take()).toEqual([]);
    expect(store.getState().outgoing.map((o) => o.status)).toEqual(['queued', 'queued']);

    connect();
    expect(take()).toEqual([
      { type: 'message.send', clientMsgId: a, text: 'one' },
      { type: 'message.send', clientMsgId: b, text: 'two' },
    ]);
    // a third message on the same connection does not resend the first two
    const c = store.sendText('three');
    expect(take()).toEqual([{ type: 'message.send', clientMsgId: c, text: 'three' }]);

    // `one` is acked, then the socket drops before the others are: only those go again, same ids
    store.ack({ type: 'ack', clientMsgId: a, conversationId: 'c1', messageId: 'm1', seq: 1, createdAt: 1 });
    disconnect();
    connect();
    expect(take()).toEqual([
      { type: 'message.send', clientMsgId: b, text: 'two' },
      { type: 'message.send', clientMsgId: c, text: 'three' },
    ]);
  });

  it('does not resend a message the replay shows was stored before its ack got lost', () => {
    const { store, connect, disconnect, take } = setup();
    connect();
    const a = store.sendText('lost ack');
    disconnect();
    store.replayPage({
      type: 'replay.page',
      conversationId: 'c1',
      afterSeq: 0,
      messages: [chatMessage(1, 0, { authorKind: 'VISITOR', text: 'lost ack', clientMsgId: a })],
      hasMore: false,
      reset: false,
      latestSeq: 1,
    });
    take();
    connect();
    expect(take().filter((f) => f.type === 'message.send')).toEqual([]);
    expect(store.getState().outgoing).toEqual([]);
  });

  it('marks a message failed on a non-retryable error and retries it with the same clientMsgId', () => {
    const { store, connect, take } = setup();
    connect();
    const id = store.sendText('x');
    take();
    store.error({
      type: 'error',
      code: 'forbidden',
      message: 'nope',
      retryable: false,
      retryAfterMs: null,
      clientMsgId: id,
    });
    expect(store.getState().outgoing).toMatchObject([{ clientMsgId: id, status: 'failed', error: 'nope' }]);
    expect(take()).toEqual([]);
    store.retry(id);
    expect(take()).toEqual([{ type: 'message.send', clientMsgId: id, text: 'x' }]);
  });

  describe('with fake timers', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('resends after retryAfterMs on a retryable error', () => {
      const { store, connect, take } = setup();
      connect();
      const id = store.sendText('busy');
      take();
      store.error({
        type: 'error',
        code: 'rate_limited',
        message: 'slow down',
        retryable: true,
        retryAfterMs: 1500,
        clientMsgId: id,
      });
      vi.advanceTimersByTime(1499);
      expect(take()).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(take()).toEqual([{ type: 'message.send', clientMsgId: id, text: 'busy' }]);
    });
  });
});

describe('conversation store: reading', () => {
  it('counts unread agent messages after the saved cursor and moves the cursor when read', () => {
    const { store, connect, take } = setup();
    store.setSavedRead({ conversationId: 'c1', seq: 1 });
    connect();
    store.replayPage({
      type: 'replay.page',
      conversationId: 'c1',
      afterSeq: 0,
      messages: [
        chatMessage(1, 0),
        chatMessage(2, 1, {
          kind: 'EVENT',
          text: '',
          event: { code: 'claimed', params: { agentName: 'A' } },
        }),
        chatMessage(3, 2),
      ],
      hasMore: false,
      reset: false,
      latestSeq: 3,
    });
    expect(unreadCount(store.getState())).toBe(1);
    take();
    expect(store.markRead()).toEqual({ conversationId: 'c1', seq: 3 });
    expect(take()).toEqual([{ type: 'read', conversationId: 'c1', seq: 3 }]);
    expect(unreadCount(store.getState())).toBe(0);
    expect(store.markRead()).toBeNull();
  });
});

describe('conversation store: departments, files, rating', () => {
  it('names the chosen department only on a message that may start a conversation', () => {
    const { store, connect, take } = setup();
    connect(null);
    take();
    store.sendText('hello', 'dep-sales');
    expect(take()).toEqual([
      { type: 'message.send', clientMsgId: 'client-msg-1', text: 'hello', departmentId: 'dep-sales' },
    ]);
    store.conversationState({
      type: 'conversation.state',
      conversation: visitorConversation({ status: 'QUEUED' }),
    });
    take();
    store.sendText('again', 'dep-sales');
    expect(take()).toEqual([{ type: 'message.send', clientMsgId: 'client-msg-2', text: 'again' }]);
  });

  it('an upload shows until the server stores it, then replays if the FILE message has not arrived yet', () => {
    const { store, connect, take } = setup();
    connect(visitorConversation({ lastSeq: 0 }));
    take();
    store.uploadStarted({ clientMsgId: 'upload-1234', name: 'a.png', size: 10 });
    expect(store.getState().uploads).toEqual([
      { clientMsgId: 'upload-1234', name: 'a.png', size: 10, status: 'uploading', error: null },
    ]);
    store.uploadDone({ clientMsgId: 'upload-1234', conversationId: 'c1', seq: 1 });
    expect(store.getState().uploads).toEqual([]);
    expect(take()).toEqual([{ type: 'replay', conversationId: 'c1', afterSeq: 0 }]);
  });

  it('an upload whose FILE message arrived first leaves no trace and asks for nothing', () => {
    const { store, connect, take } = setup();
    connect();
    take();
    store.uploadStarted({ clientMsgId: 'upload-1234', name: 'a.pdf', size: 10 });
    store.message({
      type: 'message',
      message: chatMessage(1, 0, {
        kind: 'FILE',
        authorKind: 'VISITOR',
        clientMsgId: 'upload-1234',
        text: '',
      }),
    });
    expect(store.getState().uploads).toEqual([]);
    store.uploadDone({ clientMsgId: 'upload-1234', conversationId: 'c1', seq: 1 });
    expect(take()).toEqual([]);
  });

  it('a failed upload stays with its reason until dismissed', () => {
    const { store } = setup();
    store.uploadStarted({ clientMsgId: 'upload-1234', name: 'big.zip', size: 99 });
    store.uploadFailed('upload-1234', 'tooLarge');
    expect(store.getState().uploads[0]).toMatchObject({ status: 'failed', error: 'tooLarge' });
    store.dismissUpload('upload-1234');
    expect(store.getState().uploads).toEqual([]);
  });

  it('sends a rating only for a closed conversation', () => {
    const { store, connect, take } = setup();
    connect(visitorConversation({ status: 'ACTIVE' }));
    take();
    expect(store.rate(5, 'great')).toBe(false);
    store.conversationState({
      type: 'conversation.state',
      conversation: visitorConversation({ status: 'CLOSED', closedAt: 1 }),
    });
    take();
    expect(store.rate(4, '  thanks  ')).toBe(true);
    expect(take()).toEqual([{ type: 'rating.submit', conversationId: 'c1', rating: 4, comment: 'thanks' }]);
  });

  it('follows a conversation started outside the socket (the offline form) by replaying it', () => {
    const { store, connect, take } = setup();
    connect(null);
    take();
    store.follow('c9');
    expect(store.getState().conversationId).toBe('c9');
    expect(take()).toEqual([{ type: 'replay', conversationId: 'c9', afterSeq: 0 }]);
  });
});
