import { LIMITS, type AgentServerFrame, type ErrorCode, type VisitorServerFrame } from '@livechat/protocol';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { topics, type BusEvent, type Unsubscribe } from '../bus/bus.js';
import { DomainError } from '../domain/domain-error.js';
import { messageFor } from '../store/rows.js';

/** A socket whose client reads slower than this much queued output is dropped; it will replay. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

type Viewer = 'visitor' | 'agent';

/**
 * What visitor and agent sockets share (DESIGN.md delivery semantics):
 * - frames are handled one at a time, in order (a promise chain per socket);
 * - size and rate limits answered with an error frame, the socket stays up;
 * - subscribe-then-replay: live events of a conversation are held while its replay is sent, then
 *   flushed without what the replay already carried; and a live message that a replay page already
 *   sent this socket is never sent again (see `replayedSeqs`);
 * - a heartbeat that terminates sockets that stopped answering pings.
 */
export abstract class SocketSession {
  /*
   * Memory: an idle visitor holds one of these, so per-socket state is kept small (idle_conn_kb,
   * docs/performance.md): the socket's listeners are shared functions (no closures per socket),
   * `holding` exists only during a replay, `replayedSeqs` only while a conversation is watched, and
   * an idle queue is one shared resolved promise.
   */
  private static readonly bySocket = new WeakMap<WebSocket, SocketSession>();
  private static readonly onMessage = function (this: WebSocket, data: RawData, isBinary: boolean) {
    SocketSession.bySocket.get(this)?.onRaw(data, isBinary);
  };
  private static readonly onPong = function (this: WebSocket) {
    const session = SocketSession.bySocket.get(this);
    if (session) session.alive = true;
  };
  private static readonly onClose = function (this: WebSocket) {
    SocketSession.bySocket.get(this)?.onSocketClose();
  };
  private static readonly onError = function (this: WebSocket, err: Error) {
    SocketSession.bySocket.get(this)?.log.debug({ err }, 'socket error');
  };

  protected readonly subs = new Map<string, Unsubscribe>();
  private holding: Map<string, BusEvent[]> | null = null;
  /**
   * Per watched conversation, the highest seq a replay page has sent this socket; a live message at
   * or below it is a duplicate and is dropped. Holding live events during the replay is not enough:
   * on PostgreSQL the replay's read (one pool connection) can see a commit before the committing
   * connection's answer reaches Node, so that message's publish arrives after the replay has ended,
   * no longer held, and the socket got the same seq twice (CI, commit-during-reconnect.test.ts).
   * Only conversations this socket is subscribed to have an entry; unwatching removes it.
   */
  private replayedSeqs: Map<string, number> | null = null;
  private queue: Promise<void> = IDLE;
  /** The Bus listener of this socket, one for all its topics. */
  private readonly busListener = (event: BusEvent) => this.onBusEvent(event);
  private alive = true;
  private tokens: number;
  private refilledAt = Date.now();
  protected closed = false;
  private corked = false;
  private childLog: FastifyBaseLogger | null = null;
  /** Made on first use: a child logger per socket costs memory at 10,000 sockets. */
  protected get log(): FastifyBaseLogger {
    this.childLog ??= this.app.log.child({ socket: this.viewer });
    return this.childLog;
  }
  /** 'visitor' or 'agent', for metrics. */
  get kind(): string {
    return this.viewer;
  }

  constructor(
    protected readonly socket: WebSocket,
    protected readonly app: FastifyInstance,
    protected readonly viewer: Viewer,
  ) {
    this.tokens = app.env.frameBurst;
    // Listeners are attached synchronously: frames that arrive before any await are not lost.
    SocketSession.bySocket.set(socket, this);
    // Shared functions, not methods: the emitter calls them with `this` = the socket, as declared.
    /* eslint-disable @typescript-eslint/unbound-method */
    socket.on('message', SocketSession.onMessage);
    socket.on('pong', SocketSession.onPong);
    socket.on('close', SocketSession.onClose);
    socket.on('error', SocketSession.onError);
    /* eslint-enable @typescript-eslint/unbound-method */
    app.sockets.add(this);
  }

  /** Parses and handles one frame of text. Implementations switch exhaustively on the frame type. */
  protected abstract handleText(text: string): Promise<void>;
  /** Turns a Bus event into frames for this client (or nothing). */
  protected abstract deliver(event: BusEvent): void;
  protected abstract onClosed(): void;

  /** A live message to this socket: sent, and its latency from the write to here measured. */
  protected deliverMessage(frame: Extract<VisitorServerFrame | AgentServerFrame, { type: 'message' }>): void {
    this.app.metrics.deliverySeconds.observe(Math.max(0, Date.now() - frame.message.createdAt) / 1000);
    this.send(frame);
  }

  send(frame: VisitorServerFrame | AgentServerFrame): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn('slow consumer dropped');
      this.socket.terminate();
      return;
    }
    if (!this.corked) this.cork();
    this.socket.send(JSON.stringify(frame));
  }

  /**
   * Holds this socket's writes until the work of the current event-loop turn is done, so that the
   * frames one commit batch makes for it (an ack and the echo; an agent's messages and list updates
   * of many chats) leave in one write instead of one syscall each. Uncorked on process.nextTick,
   * which runs once the current callback and all its microtasks are done (the store's reads on
   * SQLite resolve as microtasks, so a whole batch's fan-out is one turn): it delays no frame past
   * the turn that made it.
   */
  private cork(): void {
    // ws keeps the net socket in `_socket` (not typed); without one (never seen) writes go out as before.
    const transport: unknown = Reflect.get(this.socket, '_socket');
    if (!(transport instanceof Duplex)) return;
    transport.cork();
    this.corked = true;
    SocketSession.corkedSessions.push(this);
    if (SocketSession.corkedSessions.length === 1) process.nextTick(() => SocketSession.uncorkAll());
  }

  /** Sockets corked in this turn. */
  private static readonly corkedSessions: SocketSession[] = [];

  private static uncorkAll(): void {
    // Spliced first: an uncork that emits (an error, a close) may send and cork again.
    for (const session of SocketSession.corkedSessions.splice(0)) {
      session.corked = false;
      const transport: unknown = Reflect.get(session.socket, '_socket');
      if (transport instanceof Duplex) transport.uncork();
    }
  }

  sendError(
    code: ErrorCode,
    message: string,
    opts: { clientMsgId?: string | null; retryable?: boolean; retryAfterMs?: number | null } = {},
  ): void {
    this.send({
      type: 'error',
      code,
      message,
      retryable: opts.retryable ?? false,
      retryAfterMs: opts.retryAfterMs ?? null,
      clientMsgId: opts.clientMsgId ?? null,
    });
  }

  /** Runs a task in this socket's order (frames and internal work such as a re-subscribe). */
  protected enqueue(task: () => Promise<void>, clientMsgId: string | null = null): void {
    const next = this.queue.then(task).catch((err: unknown) => this.fail(err, clientMsgId));
    this.queue = next;
    void next.then(() => {
      if (this.queue === next) this.queue = IDLE;
    });
  }

  private onRaw(data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data)
      ? data.reduce((n, b) => n + b.length, 0)
      : data instanceof ArrayBuffer
        ? data.byteLength
        : data.length;
    if (isBinary) return this.sendError('bad_request', 'Binary frames are not supported');
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
    if (bytes > LIMITS.frameBytes) {
      return this.sendError('frame_too_large', `Frames are limited to ${LIMITS.frameBytes} bytes`, {
        clientMsgId: peekClientMsgId(text),
      });
    }
    if (!this.takeToken()) {
      return this.sendError('rate_limited', 'Too many frames; slow down', {
        clientMsgId: peekClientMsgId(text),
        retryable: true,
        retryAfterMs: Math.ceil(1000 / this.app.env.framesPerSecond),
      });
    }
    this.enqueue(() => this.handleText(text), peekClientMsgId(text));
  }

  /** Token bucket: WS_FRAMES_PER_SECOND on average, WS_FRAME_BURST at once (default: LIMITS). */
  private takeToken(): boolean {
    const now = Date.now();
    const { framesPerSecond, frameBurst } = this.app.env;
    this.tokens = Math.min(frameBurst, this.tokens + ((now - this.refilledAt) / 1000) * framesPerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  protected fail(err: unknown, clientMsgId: string | null): void {
    if (err instanceof DomainError) {
      this.sendError(err.code, err.message, { clientMsgId, retryable: err.retryable });
      return;
    }
    this.log.error({ err }, 'frame failed');
    // Nothing was acked: the client retries with the same clientMsgId, which stays idempotent.
    this.sendError('unavailable', 'The server could not handle this now; retry', {
      clientMsgId,
      retryable: true,
      retryAfterMs: 1000,
    });
  }

  protected async subscribe(topic: string): Promise<void> {
    if (this.subs.has(topic)) return;
    const unsubscribe = await this.app.bus.subscribe(topic, this.busListener);
    if (this.closed) unsubscribe();
    else this.subs.set(topic, unsubscribe);
  }

  protected unsubscribe(topic: string): void {
    this.subs.get(topic)?.();
    this.subs.delete(topic);
  }

  /** Stops the live events of a conversation, and forgets what its replays sent. */
  protected unwatch(conversationId: string): void {
    this.unsubscribe(topics.conversation(conversationId));
    this.replayedSeqs?.delete(conversationId);
    if (this.replayedSeqs?.size === 0) this.replayedSeqs = null;
  }

  /** A replay page sent this socket messages of a conversation up to `seq`. */
  private replayed(conversationId: string, seq: number): void {
    // A conversation it does not watch sends it no live messages (an agent may page through a chat
    // it does not watch), and nothing would ever clear its entry.
    if (!this.subs.has(topics.conversation(conversationId))) return;
    const seqs = (this.replayedSeqs ??= new Map());
    if ((seqs.get(conversationId) ?? 0) < seq) seqs.set(conversationId, seq);
  }

  /** A live message that a replay page already sent this socket. */
  private alreadyReplayed(event: BusEvent): boolean {
    if (event.kind !== 'message' || this.replayedSeqs === null) return false;
    const seq = this.replayedSeqs.get(event.message.conversationId);
    return seq !== undefined && event.message.seq <= seq;
  }

  private onBusEvent(event: BusEvent): void {
    if (this.alreadyReplayed(event)) return;
    const conversationId =
      'conversationId' in event
        ? event.conversationId
        : event.kind === 'message'
          ? event.message.conversationId
          : null;
    const held = conversationId === null ? undefined : this.holding?.get(conversationId);
    if (held) held.push(event);
    else this.deliver(event);
  }

  /**
   * Subscribes to a conversation, confirmed, then replays from `afterSeq` while holding its live
   * events, so that nothing committed in between is lost or sent twice (semantics 4).
   */
  protected async watch(conversationId: string, afterSeq: number): Promise<void> {
    const held: BusEvent[] = [];
    const holding = (this.holding ??= new Map());
    holding.set(conversationId, held);
    let lastSent = afterSeq;
    try {
      await this.subscribe(topics.conversation(conversationId));
      lastSent = await this.sendReplay(conversationId, afterSeq, true);
    } finally {
      holding.delete(conversationId);
      if (holding.size === 0 && this.holding === holding) this.holding = null;
      for (const event of held) {
        if (event.kind === 'message' && event.message.seq <= lastSent) continue;
        if (this.alreadyReplayed(event)) continue;
        this.deliver(event);
      }
    }
  }

  /**
   * Sends replay pages from `afterSeq` (all of them when `all`, else one); returns the last seq sent.
   * Every path that replays (a watch, a client's `replay` frame) comes through here, so each page's
   * messages are remembered for the live stream that follows (`replayedSeqs`).
   */
  protected async sendReplay(conversationId: string, afterSeq: number, all: boolean): Promise<number> {
    let after = afterSeq;
    for (;;) {
      const page = await this.app.store.replay(conversationId, after, this.viewer);
      this.send({
        type: 'replay.page',
        conversationId,
        afterSeq: after,
        messages: (await this.app.files.withAttachments(page.messages)).map((m) =>
          messageFor(m, this.viewer),
        ),
        hasMore: page.hasMore,
        reset: page.reset,
        latestSeq: page.latestSeq,
      });
      const lastMessage = page.messages.at(-1);
      // The seq of a message it carried, not `afterSeq` or `latestSeq`: a client's afterSeq may be
      // anything, and `latestSeq` is read before the messages (a later commit can be in the page).
      if (lastMessage) this.replayed(conversationId, lastMessage.seq);
      const last = lastMessage?.seq ?? after;
      if (!all || !page.hasMore || last === after) return page.reset ? page.latestSeq : last;
      after = last;
    }
  }

  protected async sendHistory(conversationId: string, beforeSeq: number): Promise<void> {
    const page = await this.app.store.history(conversationId, beforeSeq, this.viewer);
    this.send({
      type: 'history.page',
      conversationId,
      beforeSeq,
      messages: (await this.app.files.withAttachments(page.messages)).map((m) => messageFor(m, this.viewer)),
      hasMore: page.hasMore,
    });
  }

  heartbeat(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  goAway(reason: string, withinMs: number): void {
    this.send({ type: 'reconnect', reason, withinMs });
    this.socket.close(1012, reason);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  private onSocketClose(): void {
    this.closed = true;
    for (const unsubscribe of this.subs.values()) unsubscribe();
    this.subs.clear();
    this.replayedSeqs = null;
    this.app.sockets.delete(this);
    this.onClosed();
  }
}

/** The queue of a socket with nothing to do: one promise for all of them. */
const IDLE: Promise<void> = Promise.resolve();

/** The clientMsgId of a frame we refuse before parsing, so the client knows which message failed. */
function peekClientMsgId(text: string): string | null {
  const match = /"clientMsgId"\s*:\s*"([A-Za-z0-9_-]{1,64})"/.exec(text.slice(0, 4096));
  return match?.[1] ?? null;
}
