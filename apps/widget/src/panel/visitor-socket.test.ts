import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VisitorServerFrame } from '@livechat/protocol';
import { createConversationStore, type ConversationStore } from './conversation-store';
import { PONG_TIMEOUT_MS, backoffMs, createVisitorSocket, type VisitorSocket } from './visitor-socket';
import { chatMessage, welcome } from './test-frames';

/** A WebSocket double: records what the panel writes, lets the test play the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  serve(frame: VisitorServerFrame): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
}

const latest = (): FakeSocket => {
  const socket = FakeSocket.all[FakeSocket.all.length - 1];
  if (!socket) throw new Error('no socket opened');
  return socket;
};

function setup() {
  const onReload = vi.fn();
  const onAuthFailed = vi.fn();
  const box: { store: ConversationStore | null } = { store: null };
  const store = (): ConversationStore => {
    if (!box.store) throw new Error('no store');
    return box.store;
  };
  const socket: VisitorSocket = createVisitorSocket({
    url: 'ws://chat.test/ws/visitor',
    token: 'token-0123456789abcdef',
    store,
    context: () => ({ url: 'https://shop.test/cart', locale: 'en' }),
    onReload,
    onAuthFailed,
    // typed as the browser's constructor; the double implements what the client uses
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    random: () => 0.5,
  });
  box.store = createConversationStore({ send: (frame) => socket.send(frame) });
  return { socket, store, onReload, onAuthFailed };
}

describe('visitor socket', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('says hello first, with the token, the conversation and the last contiguous seq', () => {
    const { socket } = setup();
    socket.start();
    latest().open();
    expect(latest().url).toBe('ws://chat.test/ws/visitor');
    expect(latest().sent).toEqual([
      {
        type: 'hello',
        protocolVersion: 1,
        token: 'token-0123456789abcdef',
        conversationId: null,
        afterSeq: 0,
        context: { url: 'https://shop.test/cart', locale: 'en' },
      },
    ]);
  });

  it('reconnects with backoff after a drop and resumes from the seq it holds, resending the outbox', () => {
    const { socket, store } = setup();
    socket.start();
    latest().open();
    latest().serve(welcome());
    latest().serve({ type: 'message', message: chatMessage(1, 0) });
    latest().drop();
    expect(store().getState().connection).toBe('offline');

    const id = store().sendText('while down');
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(backoffMs(0, () => 0.5));
    expect(FakeSocket.all).toHaveLength(2);
    latest().open();
    expect(latest().sent[0]).toMatchObject({ type: 'hello', conversationId: 'c1', afterSeq: 1 });
    latest().serve(welcome());
    expect(latest().sent[1]).toEqual({ type: 'message.send', clientMsgId: id, text: 'while down' });
  });

  it('backs off exponentially with jitter, up to a cap', () => {
    expect(backoffMs(0, () => 0)).toBe(250);
    expect(backoffMs(0, () => 1)).toBe(500);
    expect(backoffMs(3, () => 0)).toBe(2000);
    expect(backoffMs(20, () => 1)).toBe(30_000);
  });

  it('pings every heartbeat and treats a missing pong as a dead connection', () => {
    const { socket } = setup();
    socket.start();
    const first = latest();
    first.open();
    first.serve(welcome());
    vi.advanceTimersByTime(25_000);
    expect(first.sent[first.sent.length - 1]).toEqual({ type: 'ping' });
    first.serve({ type: 'pong', serverTime: 1 });
    vi.advanceTimersByTime(PONG_TIMEOUT_MS);
    expect(FakeSocket.all).toHaveLength(1); // the pong arrived: still alive

    vi.advanceTimersByTime(25_000 - PONG_TIMEOUT_MS); // the next ping goes out...
    vi.advanceTimersByTime(PONG_TIMEOUT_MS); // ...and nothing answers it
    expect(first.readyState).toBe(3);
    vi.advanceTimersByTime(500);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('comes back within the window of a reconnect frame, and reloads on a reload frame', () => {
    const { socket, onReload } = setup();
    socket.start();
    latest().open();
    latest().serve(welcome());
    latest().serve({ type: 'reconnect', reason: 'shutdown', withinMs: 4000 });
    vi.advanceTimersByTime(1999);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    latest().open();
    latest().serve({ type: 'reload', protocolVersion: 2 });
    expect(onReload).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('stops and asks for a new token when the server refuses it', () => {
    const { socket, onAuthFailed } = setup();
    socket.start();
    latest().open();
    latest().serve({
      type: 'error',
      code: 'unauthorized',
      message: 'bad token',
      retryable: false,
      retryAfterMs: null,
      clientMsgId: null,
    });
    expect(onAuthFailed).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    socket.setToken('token-fedcba9876543210');
    latest().open();
    expect(latest().sent[0]).toMatchObject({ type: 'hello', token: 'token-fedcba9876543210' });
  });

  it('ignores frames that do not parse', () => {
    const { socket, store } = setup();
    socket.start();
    latest().open();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    latest().onmessage?.({ data: '{"type":"message","message":{"seq":"x"}}' });
    expect(warn).toHaveBeenCalled();
    expect(store().getState().messages).toEqual([]);
  });
});
