import { PROTOCOL_VERSION, type AgentServerFrame } from '@livechat/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAgentSocket, PONG_TIMEOUT_MS, type SocketLike } from './agent-socket';
import { backoffDelay, BACKOFF } from './backoff';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.call(this as unknown as WebSocket, new Event('open'));
  }
  receive(frame: AgentServerFrame | string) {
    const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.onmessage?.call(this as unknown as WebSocket, new MessageEvent('message', { data }));
  }
  serverClose() {
    this.readyState = 3;
    this.onclose?.call(this as unknown as WebSocket, new Event('close') as CloseEvent);
  }
}

const welcome = (heartbeatMs = 1000): AgentServerFrame => ({
  type: 'welcome',
  protocolVersion: PROTOCOL_VERSION,
  serverTime: 1,
  heartbeatMs,
  agent: {
    id: 'a1',
    email: 'a@example.com',
    name: 'A',
    role: 'AGENT',
    avatarUrl: null,
    maxChats: 3,
    activeChats: 0,
    departments: [],
  },
});

function setup(random = () => 0) {
  const sockets: FakeSocket[] = [];
  const frames: AgentServerFrame[] = [];
  const disconnects: boolean[] = [];
  const socket = createAgentSocket({
    url: 'ws://test/ws/agent',
    createSocket: () => {
      const fake = new FakeSocket();
      sockets.push(fake);
      return fake;
    },
    onFrame: (frame) => frames.push(frame),
    onDisconnect: (welcomed) => disconnects.push(welcomed),
    random,
  });
  const last = () => {
    const fake = sockets[sockets.length - 1];
    if (!fake) throw new Error('no socket yet');
    return fake;
  };
  return { socket, sockets, frames, disconnects, last };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('agent socket', () => {
  it('says hello first and sends nothing else until welcomed', () => {
    const { socket, last, frames } = setup();
    socket.start();
    last().open();
    expect(last().sent).toEqual([{ type: 'hello', protocolVersion: PROTOCOL_VERSION }]);
    expect(socket.send({ type: 'ping' })).toBe(false);

    last().receive(welcome());
    expect(frames.map((f) => f.type)).toEqual(['welcome']);
    expect(socket.send({ type: 'replay', conversationId: 'c', afterSeq: 3 })).toBe(true);
    expect(last().sent).toHaveLength(2);
    socket.stop();
  });

  it('treats a missing pong as a dead connection and reconnects', () => {
    const { socket, sockets, last, disconnects } = setup();
    socket.start();
    last().open();
    last().receive(welcome(1000));
    vi.advanceTimersByTime(1000);
    expect(last().sent).toContainEqual({ type: 'ping' });

    vi.advanceTimersByTime(PONG_TIMEOUT_MS);
    expect(disconnects).toEqual([true]);
    vi.advanceTimersByTime(BACKOFF.minMs);
    expect(sockets).toHaveLength(2);
    socket.stop();
  });

  it('stays connected while pongs come back', () => {
    const { socket, sockets, last, disconnects } = setup();
    socket.start();
    last().open();
    last().receive(welcome(1000));
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(1000);
      last().receive({ type: 'pong', serverTime: i });
    }
    expect(disconnects).toEqual([]);
    expect(sockets).toHaveLength(1);
    socket.stop();
  });

  it('backs off between failed attempts and resets after a welcome', () => {
    const { socket, sockets, last } = setup(() => 1);
    socket.start();
    last().serverClose();
    vi.advanceTimersByTime(backoffDelay(0, () => 1) - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);

    last().serverClose();
    vi.advanceTimersByTime(backoffDelay(1, () => 1) - 1);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);

    last().open();
    last().receive(welcome());
    last().serverClose();
    vi.advanceTimersByTime(backoffDelay(0, () => 1));
    expect(sockets).toHaveLength(4);
    socket.stop();
  });

  it('reconnects within the delay a reconnect frame names', () => {
    const { socket, sockets, last } = setup(() => 0.5);
    socket.start();
    last().open();
    last().receive(welcome());
    last().receive({ type: 'reconnect', reason: 'shutdown', withinMs: 4000 });
    // The caller decides: here we act as the console does.
    socket.reconnectWithin(4000);
    vi.advanceTimersByTime(1999);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    socket.stop();
  });

  it('ignores a frame it cannot parse and keeps the socket', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { socket, last, frames, disconnects } = setup();
    socket.start();
    last().open();
    last().receive('{"type":"message","message":{"seq":"x"}}');
    expect(frames).toEqual([]);
    expect(disconnects).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
    socket.stop();
  });

  it('stops for good', () => {
    const { socket, sockets, last } = setup();
    socket.start();
    last().open();
    socket.stop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('backoff', () => {
  it('grows exponentially up to a ceiling, with jitter below it', () => {
    expect(backoffDelay(0, () => 1)).toBe(BACKOFF.baseMs);
    expect(backoffDelay(3, () => 1)).toBe(BACKOFF.baseMs * 8);
    expect(backoffDelay(30, () => 1)).toBe(BACKOFF.maxMs);
    expect(backoffDelay(30, () => 0)).toBe(BACKOFF.minMs);
  });
});
