import {
  AgentServerFrame,
  HEARTBEAT_MS,
  PROTOCOL_VERSION,
  parseFrame,
  type AgentClientFrame,
} from '@livechat/protocol';
import { backoffDelay } from './backoff';

/** How long after a ping the server has to answer before the connection counts as dead. */
export const PONG_TIMEOUT_MS = 10_000;

// WebSocket readyState values (not read from the global, which Node 20 test runs lack).
const CONNECTING = 0;
const OPEN = 1;

/** The part of the browser's WebSocket this client uses (tests pass a fake). */
export type SocketLike = Pick<
  WebSocket,
  'readyState' | 'send' | 'close' | 'onopen' | 'onmessage' | 'onclose' | 'onerror'
>;

export interface AgentSocketOptions {
  url: string;
  onFrame(frame: AgentServerFrame): void;
  /** The socket closed (or was found dead). `welcomed` says whether it had got as far as `welcome`. */
  onDisconnect(welcomed: boolean): void;
  /** A connection attempt starts (first or retry). */
  onConnecting?(attempt: number): void;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
}

export interface AgentSocket {
  start(): void;
  stop(): void;
  /** Sends a frame if the socket is open and welcomed; false otherwise (the caller keeps its state). */
  send(frame: AgentClientFrame): boolean;
  /** The server asked us to come back later: drop the socket, reconnect within a random delay. */
  reconnectWithin(withinMs: number): void;
  /** The tab woke up or the network came back: retry now instead of waiting out the backoff. */
  reconnectNow(): void;
  isWelcomed(): boolean;
}

/**
 * The console's transport: connects to /ws/agent, says hello, keeps a heartbeat (a ping every
 * HEARTBEAT_MS; no pong within PONG_TIMEOUT_MS means the connection is dead even if the browser has
 * not noticed), and reconnects with exponential backoff and jitter. Frames are parsed at this
 * boundary; what they mean is decided by the caller.
 */
export function createAgentSocket(options: AgentSocketOptions): AgentSocket {
  const createSocket = options.createSocket ?? ((url: string): SocketLike => new WebSocket(url));
  const random = options.random ?? Math.random;
  let socket: SocketLike | null = null;
  let welcomed = false;
  let stopped = true;
  let attempt = 0;
  let heartbeatMs = HEARTBEAT_MS;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;

  const clearTimers = () => {
    clearTimeout(reconnectTimer);
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    reconnectTimer = pingTimer = pongTimer = undefined;
  };

  const rawSend = (frame: AgentClientFrame) => {
    if (socket?.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };

  /** Forgets the current socket without waiting for the browser's close event. */
  const drop = () => {
    const current = socket;
    const wasWelcomed = welcomed;
    socket = null;
    welcomed = false;
    clearTimers();
    if (current) {
      current.onopen = current.onmessage = current.onclose = current.onerror = null;
      if (current.readyState === OPEN || current.readyState === CONNECTING) current.close();
      options.onDisconnect(wasWelcomed);
    }
  };

  const scheduleConnect = (delayMs: number) => {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, delayMs);
  };

  const lost = () => {
    drop();
    if (stopped) return;
    scheduleConnect(backoffDelay(attempt, random));
    attempt += 1;
  };

  const startHeartbeat = () => {
    clearInterval(pingTimer);
    pingTimer = setInterval(() => {
      if (!rawSend({ type: 'ping' })) return;
      // The deadline runs from the oldest unanswered ping; a later ping must not push it back.
      pongTimer ??= setTimeout(lost, PONG_TIMEOUT_MS);
    }, heartbeatMs);
  };

  function connect() {
    if (stopped) return;
    options.onConnecting?.(attempt);
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      rawSend({ type: 'hello', protocolVersion: PROTOCOL_VERSION });
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      const parsed = parseFrame(AgentServerFrame, event.data);
      if (!parsed.ok) {
        console.warn('Ignored a frame the console cannot read:', parsed.message);
        return;
      }
      const frame = parsed.frame;
      if (frame.type === 'welcome') {
        welcomed = true;
        attempt = 0;
        heartbeatMs = frame.heartbeatMs > 0 ? frame.heartbeatMs : HEARTBEAT_MS;
        startHeartbeat();
      } else if (frame.type === 'pong') {
        clearTimeout(pongTimer);
        pongTimer = undefined;
      }
      options.onFrame(frame);
    };
    ws.onclose = lost;
    ws.onerror = () => {
      // A close event follows every error; reconnecting happens there.
    };
  }

  return {
    start: () => {
      if (!stopped) return;
      stopped = false;
      attempt = 0;
      connect();
    },
    stop: () => {
      stopped = true;
      drop();
    },
    send: (frame) => welcomed && rawSend(frame),
    reconnectWithin: (withinMs) => {
      drop();
      if (stopped) return;
      scheduleConnect(Math.round(random() * Math.max(0, withinMs)));
    },
    reconnectNow: () => {
      if (stopped || socket) return;
      scheduleConnect(0);
    },
    isWelcomed: () => welcomed,
  };
}
