import {
  HEARTBEAT_MS,
  PROTOCOL_VERSION,
  VisitorServerFrame,
  parseFrame,
  type ErrorFrame,
  type VisitorClientFrame,
  type VisitorContext,
} from '@livechat/protocol';
import type { ConversationStore } from './conversation-store';

/*
 * The panel's WebSocket to {server}/ws/visitor. It says `hello` first (token, where we are, the last
 * contiguous seq), feeds every parsed frame to the conversation store, keeps the line alive with
 * `ping` (no `pong` in PONG_TIMEOUT_MS = dead), and comes back after a drop with exponential backoff
 * and jitter, or at once when the tab becomes visible or the network returns.
 */

export const PONG_TIMEOUT_MS = 10_000;
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 30_000;

export interface VisitorSocketOptions {
  url: string;
  token: string;
  store: () => ConversationStore;
  context: () => VisitorContext;
  /** The server runs another protocol version: load the new panel code. */
  onReload: () => void;
  /** The server refused the token: the loader is asked for a new one (then setToken). */
  onAuthFailed: () => void;
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
}

export type VisitorSocket = ReturnType<typeof createVisitorSocket>;

/** Full backoff for the nth consecutive failure: half fixed, half random, so clients spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return cap / 2 + (random() * cap) / 2;
}

export function createVisitorSocket(options: VisitorSocketOptions) {
  const WS = options.WebSocketImpl ?? WebSocket;
  const random = options.random ?? Math.random;
  let token = options.token;
  let ws: WebSocket | null = null;
  let welcomed = false;
  let attempt = 0;
  let stopped = false;
  let authFailed = false;
  let heartbeatMs = HEARTBEAT_MS;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;

  const write = (frame: VisitorClientFrame): void => ws?.send(JSON.stringify(frame));

  /** Expects an answer (welcome, pong) within PONG_TIMEOUT_MS, else the socket is dead. */
  const expectAnswer = (): void => {
    clearTimeout(deadline);
    deadline = setTimeout(kill, PONG_TIMEOUT_MS);
  };

  function connect(): void {
    clearTimeout(reconnectTimer);
    if (stopped || authFailed || ws) return;
    options.store().connecting();
    const socket = new WS(options.url);
    ws = socket;
    socket.onopen = () => {
      if (ws !== socket) return;
      const state = options.store().getState();
      write({
        type: 'hello',
        protocolVersion: PROTOCOL_VERSION,
        token,
        conversationId: state.conversationId,
        afterSeq: state.contiguousSeq,
        context: options.context(),
      });
      expectAnswer();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (ws === socket && typeof event.data === 'string') receive(event.data);
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      drop();
      retryLater();
    };
  }

  /** Forgets the current socket (its late events are ignored from now on). */
  function drop(): void {
    const socket = ws;
    ws = null;
    welcomed = false;
    clearInterval(pingTimer);
    clearTimeout(deadline);
    if (socket && socket.readyState < 2) socket.close();
    if (socket) options.store().disconnected();
  }

  function kill(): void {
    drop();
    retryLater();
  }

  function retryLater(delay = backoffMs(attempt++, random)): void {
    clearTimeout(reconnectTimer);
    if (!stopped && !authFailed) reconnectTimer = setTimeout(connect, delay);
  }

  function receive(raw: string): void {
    const parsed = parseFrame(VisitorServerFrame, raw);
    if (!parsed.ok) {
      console.warn(`[LiveChat] ignored a frame: ${parsed.message}`);
      return;
    }
    const frame = parsed.frame;
    const store = options.store();
    switch (frame.type) {
      case 'welcome':
        welcomed = true;
        attempt = 0;
        heartbeatMs = frame.heartbeatMs > 0 ? frame.heartbeatMs : HEARTBEAT_MS;
        clearTimeout(deadline);
        clearInterval(pingTimer);
        pingTimer = setInterval(() => {
          write({ type: 'ping' });
          expectAnswer();
        }, heartbeatMs);
        return store.welcome(frame);
      case 'pong':
        return clearTimeout(deadline);
      case 'ack':
        return store.ack(frame);
      case 'message':
        return store.message(frame);
      case 'replay.page':
        return store.replayPage(frame);
      case 'history.page':
        return store.historyPage(frame);
      case 'conversation.state':
        return store.conversationState(frame);
      case 'typing':
        return store.agentTyping(frame);
      case 'read':
        return store.agentRead(frame);
      case 'error':
        if (!store.error(frame)) socketError(frame);
        return;
      case 'resync':
        return store.replay();
      case 'reconnect':
        // The server is going away: come back at a random moment within its window.
        drop();
        return retryLater(random() * frame.withinMs);
      case 'reload':
        stopped = true;
        drop();
        return options.onReload();
    }
  }

  function socketError(frame: ErrorFrame): void {
    if (frame.code === 'unauthorized' || (frame.code === 'forbidden' && !welcomed)) {
      authFailed = true;
      drop();
      options.onAuthFailed();
      return;
    }
    console.warn(`[LiveChat] server error ${frame.code}: ${frame.message}`);
  }

  return {
    start: connect,
    stop(): void {
      stopped = true;
      clearTimeout(reconnectTimer);
      drop();
    },
    /** Sends a frame once the server has welcomed us; false otherwise (callers keep what matters). */
    send(frame: VisitorClientFrame): boolean {
      if (!ws || !welcomed || ws.readyState !== 1) return false;
      write(frame);
      return true;
    },
    /** A new token from the loader after onAuthFailed. */
    setToken(next: string): void {
      token = next;
      authFailed = false;
      attempt = 0;
      connect();
    },
    /**
     * The tab became visible or the network came back: replay if connected (a sleeping tab may have
     * missed frames without noticing), else reconnect now instead of waiting out the backoff.
     */
    wake(): void {
      if (ws && welcomed) options.store().replay();
      else if (!ws) {
        attempt = 0;
        connect();
      }
    },
  };
}
